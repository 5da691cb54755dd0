package deploy

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/aws/smithy-go"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/hostpolicy"
)

func TestHeadersFor(t *testing.T) {
	rules := []config.DeployRule{
		{Match: "news/**", CacheControl: "public, max-age=60"},
		{Match: "**/*.html", ContentEncoding: "br"},
		{Match: "**/*.html", CacheControl: "never reached"},
	}
	for _, tt := range []struct {
		rel  string
		want Headers
	}{
		{"assets/css/style.0123456789.css", Headers{"text/css; charset=utf-8", hostpolicy.ImmutableCache, ""}},
		{"search/terms.0123456789.json", Headers{"application/json; charset=utf-8", hostpolicy.ImmutableCache, ""}},
		{"search/index.json", Headers{"application/json; charset=utf-8", hostpolicy.RevalidateCache, ""}},
		{"news/2026/index.html", Headers{"text/html; charset=utf-8", "public, max-age=60", ""}},
		{"companies/acme/index.html", Headers{"text/html; charset=utf-8", hostpolicy.RevalidateCache, "br"}},
	} {
		if got := headersFor(tt.rel, rules); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.rel, got, tt.want)
		}
	}
	if (Headers{ContentType: "a"}).hash() == (Headers{CacheControl: "a"}).hash() {
		t.Error("the header hash does not tell headers apart")
	}
}

func TestURLPath(t *testing.T) {
	for _, tt := range []struct{ base, rel, want string }{
		{"/", "index.html", "/"},
		{"/", "companies/acme/index.html", "/companies/acme/"},
		{"/", "404.html", "/404.html"},
		{"/site/", "sitemap.xml", "/site/sitemap.xml"},
		{"", "zh/index.html", "/zh/"},
	} {
		if got := URLPath(tt.base, tt.rel); got != tt.want {
			t.Errorf("URLPath(%q, %q) = %q, want %q", tt.base, tt.rel, got, tt.want)
		}
	}
}

func TestCheckTarget(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ target, want string }{
		{"public", "is not a URL"},
		{"ftp://host/x", `unsupported scheme "ftp"`},
		{"s3://key:secret@bucket", "must not carry credentials"},
		{"s3://bucket?prefix=site", "must be a folder path ending in /"},
		{"s3://bucket?prefix=a/../b/", "must be a folder path ending in /"},
		{"file://relative/path", "needs an absolute path"},
		{"file://" + filepath.ToSlash(dir), "overlaps the output folder"},
		{"file://" + filepath.ToSlash(filepath.Join(dir, "www")), "overlaps the output folder"},
	} {
		err := CheckTarget(tt.target, dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.target, err, tt.want)
		}
	}
	// Issue 14: a target that holds the source, or reaches the output through a link.
	base := t.TempDir()
	source, out := filepath.Join(base, "www/site"), filepath.Join(base, "out")
	os.MkdirAll(source, 0o755)
	os.MkdirAll(out, 0o755)
	os.Symlink(out, filepath.Join(base, "out-link"))
	os.Symlink(filepath.Join(base, "www"), filepath.Join(base, "www-link"))
	for _, tt := range []struct{ target, want string }{
		{"file://" + filepath.ToSlash(filepath.Join(base, "www")), "overlaps the protected folder"},
		{"file://" + filepath.ToSlash(filepath.Join(base, "www-link")), "overlaps the protected folder"},
		{"file://" + filepath.ToSlash(filepath.Join(base, "www-link/site/deeper")), "overlaps the protected folder"},
		{"file://" + filepath.ToSlash(filepath.Join(base, "out-link")), "overlaps the output folder"},
		{"file://" + filepath.ToSlash(filepath.Join(base, "out-link/new")), "overlaps the output folder"},
	} {
		err := CheckTarget(tt.target, out, source)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.target, err, tt.want)
		}
	}
	for _, ok := range []string{"s3://bucket?region=eu-central-1&prefix=site/", "gs://bucket", "azblob://container", "file://" + filepath.ToSlash(t.TempDir())} {
		if err := CheckTarget(ok, dir); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}

// TestOrder checks on a folder target, by the stored files' times, that every asset was
// stored before any page and every page before the indexes that point at pages.
func TestOrder(t *testing.T) {
	dir, root := t.TempDir(), t.TempDir()
	writeSite(t, dir, sampleSite())
	writeSite(t, dir, manyPages(60))
	if _, err := Run(context.Background(), Options{Target: "file://" + filepath.ToSlash(root), Dir: dir, Workers: 4}); err != nil {
		t.Fatal(err)
	}
	var last [3]time.Time
	first := [3]time.Time{}
	for _, rel := range append(deployed(), "companies/c0/index.html") {
		info, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		ph, mt := phaseOf(rel), info.ModTime()
		if first[ph].IsZero() || mt.Before(first[ph]) {
			first[ph] = mt
		}
		if mt.After(last[ph]) {
			last[ph] = mt
		}
	}
	for ph := phaseAssets; ph < phaseIndexes; ph++ {
		if last[ph].After(first[ph+1]) {
			t.Errorf("a file of %s was stored after one of %s", phaseNames[ph], phaseNames[ph+1])
		}
	}
}

// describe names the cause of a store's refusal in one line, for every provider's error
// type: S3's API errors, Azure's response errors, gocloud's codes.
func TestDescribeNamesTheCause(t *testing.T) {
	for _, tt := range []struct {
		target string
		err    error
		want   string
	}{
		{"azblob://site", &azcore.ResponseError{StatusCode: 403, ErrorCode: "AuthenticationFailed"},
			"access denied (AuthenticationFailed, HTTP 403): check AZURE_STORAGE_ACCOUNT"},
		{"azblob://site", &azcore.ResponseError{StatusCode: 503, ErrorCode: "ServerBusy"},
			"the store is throttling requests (ServerBusy, HTTP 503): run again later, or with fewer --workers"},
		{"azblob://site", fmt.Errorf("list: %w", &azcore.ResponseError{StatusCode: 400, ErrorCode: "InvalidHeaderValue",
			RawResponse: &http.Response{StatusCode: 400, Status: "400 The API version 2025-01-05 is not supported"}}),
			"the store does not accept this API version"},
		{"s3://site", &smithy.GenericAPIError{Code: "SlowDown", Message: "reduce your request rate"},
			"the store is throttling requests (SlowDown)"},
		{"s3://site", &smithy.GenericAPIError{Code: "SignatureDoesNotMatch"}, "access denied (SignatureDoesNotMatch): check AWS_ACCESS_KEY_ID"},
	} {
		got := describe(tt.target, "", tt.err).Error()
		if !strings.Contains(got, tt.want) || strings.Contains(got, "\n") {
			t.Errorf("%v: %q, want %q", tt.err, got, tt.want)
		}
	}
}
