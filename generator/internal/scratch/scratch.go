// Package scratch decides where a test binary's scratch folders (t.TempDir, os.MkdirTemp)
// go. The builds under test create thousands of small files; on a virtual machine's disk
// each costs about half a millisecond, in memory a few microseconds, so the tests that
// build sites run about twice as fast with their scratch folders in RAM.
package scratch

import "os"

// MinFree is the room a memory file system must have left to take the scratch folders:
// the largest test corpus with its outputs fits in well under it.
const MinFree = 4 << 30

// InMemory points TMPDIR at a new folder on a memory file system when the user has not
// set TMPDIR and the machine has one with MinFree left (Linux's /dev/shm), and returns
// a function that removes that folder. Otherwise it changes nothing. Call it from
// TestMain before m.Run.
func InMemory() (cleanup func()) {
	if os.Getenv("TMPDIR") != "" {
		return func() {}
	}
	root, ok := memoryRoot()
	if !ok {
		return func() {}
	}
	dir, err := os.MkdirTemp(root, "sitegen-test-")
	if err != nil {
		return func() {}
	}
	os.Setenv("TMPDIR", dir)
	return func() {
		os.Unsetenv("TMPDIR")
		os.RemoveAll(dir)
	}
}
