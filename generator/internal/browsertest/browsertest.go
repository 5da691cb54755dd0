// Package browsertest starts headless Chromium for tests. A test that needs a browser skips
// with a clear message when Debian's chromium is not installed, and fails instead when
// SITEGEN_REQUIRE_BROWSER is set (as CI does), so browser tests can never skip silently there.
// Under go test -short (the fast lane) they skip: the full lane runs them.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Start returns a chromedp context for a fresh browser that the test's cleanup stops.
func Start(t testing.TB) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: browser tests run in the full lane (go test ./...)")
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("SITEGEN_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium is not installed and SITEGEN_REQUIRE_BROWSER is set")
		}
		t.Skip("chromium is not installed: apt-get install -y chromium to run browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser without a timeout
		t.Fatal(err)
	}
	return ctx
}
