//go:build !linux

package output

import (
	"io/fs"
	"os"
)

// statIn is nil where fstatat is not used: an entry's Info is the os package's.
func statIn(*os.File) func(name string) (fs.FileInfo, error) { return nil }
