package deploy

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"regexp"
	"strings"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/render"
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

// contentTypes is the built-in table. It does not use mime.TypeByExtension, whose answers
// depend on the machine's /etc/mime.types: the same site must get the same headers from any
// CI runner.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json; charset=utf-8",
	".geojson":     "application/geo+json; charset=utf-8",
	".webmanifest": "application/manifest+json; charset=utf-8",
	".xml":         "application/xml; charset=utf-8",
	".rss":         "application/rss+xml; charset=utf-8",
	".atom":        "application/atom+xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".svg":         "image/svg+xml; charset=utf-8",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".pdf":         "application/pdf",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".mp3":         "audio/mpeg",
	".zip":         "application/zip",
	".gz":          "application/gzip",
	".wasm":        "application/wasm",
}

// ContentType is the Content-Type a file is stored with: from the table by extension, and
// application/octet-stream (never empty) for anything else.
func ContentType(rel string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(rel))]; ok {
		return t
	}
	return "application/octet-stream"
}

// hashedName matches names the build gives by content (render.AssetDir, and search data
// shards such as search/docs.99b3790896.json).
var hashedName = regexp.MustCompile(`\.[0-9a-f]{10}\.[a-z0-9]+$`)

// Fingerprinted reports whether the output file rel is named after its bytes, so it never
// changes in place and may be cached for a year.
func Fingerprinted(rel string) bool {
	return strings.HasPrefix(rel, render.AssetDir) || hashedName.MatchString(rel)
}

// headersFor is the policy of _headers (fingerprinted files immutable, everything else
// revalidated on each visit), then the site's deploy rules, the first match winning.
func headersFor(rel string, rules []config.DeployRule) Headers {
	h := Headers{ContentType: ContentType(rel), CacheControl: render.RevalidateCache}
	if Fingerprinted(rel) {
		h.CacheControl = render.ImmutableCache
	}
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
	if Fingerprinted(rel) {
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
