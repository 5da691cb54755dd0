package search

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/internal/browsertest"
)

// TestBucketOfInBrowser: the theme's script puts a slug in the bucket BucketOf does (else a
// card's texts are looked for in the wrong file), for the slugs of bucketCases, Arabic and
// Chinese ones among them, run in Chromium.
func TestBucketOfInBrowser(t *testing.T) {
	script, err := os.ReadFile("../../themes/default/static/js/directory.js")
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?ms)^  function bucketOf\(.*?^  }\n`).Find(script)
	if fn == nil {
		t.Fatal("directory.js has no function bucketOf")
	}
	ctx := browsertest.Start(t)
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	slugs := make([]string, len(bucketCases))
	for i, tc := range bucketCases {
		slugs[i] = tc.slug
	}
	arg, _ := json.Marshal(slugs)
	expr := "(function () {\n" + string(fn) + "\nreturn " + string(arg) + ".map(function (s) { return [bucketOf(s, 4096), bucketOf(s, 65536)]; });\n})()"
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[][2]int](expr))
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range bucketCases {
		if got[i] != [2]int{tc.b4096, tc.b65536} {
			t.Errorf("the script's bucketOf(%q) = %v among 4,096 and 65,536, Go's %d and %d", tc.slug, got[i], tc.b4096, tc.b65536)
		}
	}
}
