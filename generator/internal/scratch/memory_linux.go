package scratch

import "golang.org/x/sys/unix"

// memoryRoot is /dev/shm when it is a tmpfs with MinFree left.
func memoryRoot() (string, bool) {
	const root = "/dev/shm"
	var st unix.Statfs_t
	if err := unix.Statfs(root, &st); err != nil || st.Type != unix.TMPFS_MAGIC {
		return "", false
	}
	if free := st.Bavail * uint64(st.Bsize); free < MinFree {
		return "", false
	}
	return root, true
}
