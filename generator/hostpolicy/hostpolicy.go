// Package hostpolicy owns how a host serves each published file: what it is called when it
// is named after its bytes, its media type, how long browsers and CDNs may keep it, and the
// security headers (Content-Security-Policy first) every file carries. The build writes
// _headers from it, deploy stores objects with it and the dev server answers
// with it, so the three can never disagree; it imports nothing of the project.
package hostpolicy

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// AssetDir holds every fingerprinted file (a file named after its bytes), so one rule of a
// host's headers can let browsers and CDNs keep all of them for a year.
const AssetDir = "assets/"

// ImmutableCache is the cache policy of files named after their bytes.
const ImmutableCache = "public, max-age=31536000, immutable"

// RevalidateCache is the cache policy of everything else (pages, feeds, sitemap, search
// manifest): Netlify's and Cloudflare Pages' default, written out for hosts without one.
const RevalidateCache = "public, max-age=0, must-revalidate"

// Host limits of Cloudflare Pages (Netlify's are higher): a build that would exceed them
// fails rather than publish a file the host truncates or rejects.
const (
	MaxRedirects      = 2000 // static redirects in _redirects
	MaxRedirectLine   = 1000 // characters per _redirects line
	MaxHeaderLineSize = 2000
)

// hashLen is how many hex digits of a file's SHA-256 name it: 40 bits, so two versions of
// one file collide once in a trillion.
const hashLen = 10

// ContentHash is the part of a name that a file's bytes give it: 10 hex digits of their
// SHA-256.
func ContentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:hashLen]
}

// ContentHasher takes content written piece by piece (several files named as one) without
// holding it; ContentHashSum is then its ContentHash.
func ContentHasher() hash.Hash { return sha256.New() }

// ContentHashSum is the ContentHash of what was written to h, a ContentHasher.
func ContentHashSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil))[:hashLen] }

// HashedName is name with its content hash before the extension:
// css/style.css -> css/style.3f9a1c2b7d.css.
func HashedName(name string, data []byte) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + ContentHash(data) + ext
}

// hashedName matches a name HashedName made.
var hashedName = regexp.MustCompile(`^(.*)\.[0-9a-f]{` + strconv.Itoa(hashLen) + `}(\.[A-Za-z0-9]+)$`)

// UnhashedName is the name HashedName was given for a name it made (style.3f9a1c2b7d.css ->
// style.css), and false for any other name.
func UnhashedName(name string) (string, bool) {
	m := hashedName.FindStringSubmatch(name)
	if m == nil {
		return name, false
	}
	return m[1] + m[2], true
}

// Immutable reports whether the output file rel is named after its bytes (everything below
// AssetDir, and the search index's files such as search/docs.99b3790896.json), so it never
// changes in place and may be cached for a year.
func Immutable(rel string) bool {
	if strings.HasPrefix(rel, AssetDir) {
		return true
	}
	_, ok := UnhashedName(rel)
	return ok
}

// CacheControl is the Cache-Control of the output file rel.
func CacheControl(rel string) string {
	if Immutable(rel) {
		return ImmutableCache
	}
	return RevalidateCache
}

// contentTypes is the one table of media types. It does not use mime.TypeByExtension, whose
// answers depend on the machine's /etc/mime.types: the same site must get the same headers
// from any CI runner, and the dev server must answer as the host will.
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

// ContentType is the Content-Type a file is served with: from the table by extension, and
// application/octet-stream (never empty) for anything else.
func ContentType(rel string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(rel))]; ok {
		return t
	}
	return "application/octet-stream"
}

// MediaType is ContentType without its parameters (text/html), "" for a file the table
// does not know.
func MediaType(rel string) string {
	t, ok := contentTypes[strings.ToLower(path.Ext(rel))]
	if !ok {
		return ""
	}
	essence, _, _ := strings.Cut(t, ";")
	return essence
}
