package site

import (
	"os"
	"testing"
)

// TestMain stops what the package's tests share (the sample site's server) once they end.
func TestMain(m *testing.M) {
	code := m.Run()
	stopSharedSample()
	os.Exit(code)
}
