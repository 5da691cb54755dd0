package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An alias that is the address of a page would replace it: a content error at its line.
func TestAliasCollidesWithPage(t *testing.T) {
	src := testSite(t)
	p := filepath.Join(src, "content/pages/about.md")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(data), "aliases: [/about-us/, /old/about.html]", "aliases: [/about-us/, /companies/acme/, /favicon.svg/]", 1)), 0o644)
	_, err := build(t, Options{Source: src, Dest: filepath.Join(t.TempDir(), "out")})
	if err == nil || !strings.Contains(err.Error(), `content/pages/about.md:5:23: alias "/companies/acme/" is the address of a page of the site (/companies/acme/) (remove it: the address is in use)`) {
		t.Errorf("err = %v", err)
	}
}
