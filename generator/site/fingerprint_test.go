package site

import (
	"crypto/sha512"
	"encoding/base64"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var integrityRe = regexp.MustCompile(`(?:href|src)="/pseb/([^"]+)" integrity="(sha384-[^"]+)"`)

// A production build names stylesheets, scripts and images after their bytes; every page
// refers to those names, and each integrity hash is the hash of the file as written.
func TestFingerprintedAssets(t *testing.T) {
	src := testSite(t)
	dest := filepath.Join(t.TempDir(), "out")
	if _, err := build(t, Options{Source: src, Dest: dest, Fingerprint: true}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dest)
	hashed := regexp.MustCompile(`^assets/.*\.[0-9a-f]{10}\.(css|js|svg)$`)
	for _, plain := range []string{"css/style.css", "js/directory.js", "js/shortlist.js"} {
		if _, ok := files[plain]; ok {
			t.Errorf("%s is published under its plain name", plain)
		}
	}
	for _, both := range []string{"favicon.svg", "companies/acme/logo.svg"} {
		if _, ok := files[both]; !ok {
			t.Errorf("%s (an image Markdown may link to) lost its plain name", both)
		}
	}
	checked := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range integrityRe.FindAllSubmatch(data, -1) {
			file, sri := string(m[1]), string(m[2])
			body, ok := files[file]
			if !hashed.MatchString(file) || !ok {
				t.Errorf("%s refers to %s, which is not a fingerprinted file of the site", name, file)
				continue
			}
			sum := sha512.Sum384(body)
			if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); sri != want {
				t.Errorf("%s: integrity of %s is %s, its bytes hash to %s", name, file, sri, want)
			}
			checked++
		}
		if strings.Contains(string(data), `"/pseb/css/style.css"`) {
			t.Errorf("%s still names css/style.css", name)
		}
	}
	if checked < 20 {
		t.Errorf("only %d integrity attributes checked", checked)
	}
	if page := string(files["companies/acme/index.html"]); !regexp.MustCompile(`src="/pseb/assets/companies/acme/logo\.[0-9a-f]{10}\.svg"`).MatchString(page) {
		t.Error("the profile's logo is not referred to by its fingerprinted name")
	}
	// The same input gives the same names.
	again := filepath.Join(t.TempDir(), "again")
	if _, err := build(t, Options{Source: src, Dest: again, Fingerprint: true}); err != nil {
		t.Fatal(err)
	}
	second := readTree(t, again)
	for name := range files {
		if _, ok := second[name]; !ok {
			t.Errorf("%s is not in a second build of the same input", name)
		}
	}
}
