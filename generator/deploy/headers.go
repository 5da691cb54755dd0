package deploy

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/hostpolicy"
)

// Headers are what a stored file is served with. Object stores keep these few headers per
// object; the security headers of _headers belong to the CDN in front (see docs/publishing.md).
type Headers struct {
	ContentType     string
	CacheControl    string
	ContentEncoding string
}

// hash names the headers in the object's metadata, so a changed rule re-uploads exactly the
// files it affects even when their bytes did not change.
func (h Headers) hash() string {
	sum := sha256.Sum256([]byte("Content-Type: " + h.ContentType + "\nCache-Control: " + h.CacheControl + "\nContent-Encoding: " + h.ContentEncoding + "\n"))
	return hex.EncodeToString(sum[:8])
}

// headersFor is the policy of _headers (fingerprinted files immutable, everything else
// revalidated on each visit), then the site's deploy rules, the first match winning.
func headersFor(rel string, rules []config.DeployRule) Headers {
	h := Headers{ContentType: hostpolicy.ContentType(rel), CacheControl: hostpolicy.CacheControl(rel)}
	for _, r := range rules {
		if r.Matches(rel) {
			if r.CacheControl != "" {
				h.CacheControl = r.CacheControl
			}
			h.ContentEncoding = r.ContentEncoding
			break
		}
	}
	return h
}

// phase orders the uploads so that no visitor meets a page whose assets are missing, or an
// index (sitemap, feed, search data) that points at a page not yet there.
type phase int

const (
	phaseAssets  phase = iota // what pages load: stylesheets, scripts, images, data shards
	phasePages                // HTML
	phaseIndexes              // what points at pages: sitemap, feeds, search index, robots.txt
)

var phaseNames = [...]string{"assets", "pages", "indexes"}

func phaseOf(rel string) phase {
	if hostpolicy.Immutable(rel) {
		return phaseAssets
	}
	switch strings.ToLower(path.Ext(rel)) {
	case ".html", ".htm":
		return phasePages
	case ".xml", ".json", ".txt", ".rss", ".atom", ".webmanifest":
		return phaseIndexes
	}
	return phaseAssets
}

// URLPath is the address a visitor asks for to get the output file rel under the site's base
// path: "companies/acme/index.html" is "/companies/acme/".
func URLPath(basePath, rel string) string {
	if !strings.HasSuffix(basePath, "/") {
		basePath += "/"
	}
	if rel == "index.html" {
		return basePath
	}
	if dir, ok := strings.CutSuffix(rel, "/index.html"); ok {
		return basePath + dir + "/"
	}
	return basePath + rel
}
