package preview

import (
	"runtime/debug"
	"testing"
)

// TestLimitMemoryNests: overlapping first settles (several Runs in one process) keep one
// limit, and the last to end restores the one there was.
func TestLimitMemoryNests(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	liftA := limitMemory()
	set := debug.SetMemoryLimit(-1)
	if set == before || set < 640<<20 {
		t.Fatalf("limit %d while a first settle runs (before: %d)", set, before)
	}
	liftB := limitMemory()
	liftA()
	if got := debug.SetMemoryLimit(-1); got != set {
		t.Errorf("limit %d after the first of two ended, want %d", got, set)
	}
	liftB()
	liftB() // lifting twice changes nothing
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d after both ended, want %d as before", got, before)
	}
}
