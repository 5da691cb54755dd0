//go:build !unix

package output

// noFollow is 0 where the system has no O_NOFOLLOW; folders are still checked with Lstat.
const noFollow = 0
