package site

import (
	"os"
	"testing"

	"github.com/pseb/sitegen/generator/internal/scratch"
)

// testCacheDir is the CacheDir the package's builds of the sample share, as an editor's
// builds share .sitegen-cache: the first build encodes the photos, the others reuse them.
var testCacheDir string

// TestMain stops what the package's tests share (the sample site's server, the cache folder)
// once they end.
func TestMain(m *testing.M) {
	removeScratch := scratch.InMemory() // the builds here write thousands of small files
	dir, err := os.MkdirTemp("", "sitegen-test-cache-")
	if err != nil {
		panic(err)
	}
	testCacheDir = dir
	code := m.Run()
	stopSharedSample()
	os.RemoveAll(dir)
	removeScratch()
	os.Exit(code)
}

// shortOr is how many rounds a randomized test makes: full in the full lane, fewer under
// go test -short, which is the fast lane a newcomer runs while changing code.
func shortOr(full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}
