//go:build !linux

package scratch

// memoryRoot finds no memory file system outside Linux: the scratch folders stay where
// the system puts them.
func memoryRoot() (string, bool) { return "", false }
