//go:build !unix

package output

import "os"

// relinkAll makes each changed file of folder to what it is in folder from (see
// relinkEach): where there is no linkat, one path at a time.
func relinkAll(root *os.Root, from, to string, changed []string) error {
	return relinkEach(root, from, to, changed)
}
