package config

import (
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/pseb/sitegen/generator/meta"
)

// Deploy is how `sitegen deploy` stores files on object storage (site.yaml `deploy:`).
type Deploy struct {
	// Rules override the stored headers of the files they match; the first match wins.
	Rules []DeployRule
}

// DeployRule sets headers for the output files whose path (relative to the output folder,
// e.g. "companies/acme/index.html") matches a glob with ** for any number of folders.
type DeployRule struct {
	Match string
	// CacheControl replaces the built-in cache policy when not empty.
	CacheControl string
	// ContentEncoding is "gzip" or "br": the file is stored compressed with that header, for
	// hosts that serve what is stored as it is.
	ContentEncoding string
}

// Matches reports whether the output path rel matches the rule.
func (r DeployRule) Matches(rel string) bool {
	ok, _ := doublestar.Match(r.Match, rel)
	return ok
}

// maxCacheControl keeps a rule within what every host accepts in one header line.
const maxCacheControl = 256

func readDeploy(r *meta.Reader, s *Site) {
	d := r.Map("deploy", false)
	if d == nil {
		return
	}
	d.CheckUnknown([]string{"rules"})
	for i, v := range d.List("rules", false) {
		rr := d.Sub("rules", i, v)
		rr.CheckUnknown([]string{"match", "cache_control", "content_encoding"})
		rule := DeployRule{
			Match:           rr.String("match", true),
			CacheControl:    rr.String("cache_control", false),
			ContentEncoding: rr.String("content_encoding", false),
		}
		switch {
		case rule.Match == "":
			continue // reported as missing by String
		case strings.HasPrefix(rule.Match, "/"):
			rr.Errorf("match", "paths are relative to the output folder, e.g. \"news/**\"", "match %q starts with /", rule.Match)
			continue
		case !doublestar.ValidatePattern(rule.Match):
			rr.Errorf("match", "use * for part of a name and ** for any number of folders, e.g. \"**/*.html\"", "match %q is not a valid pattern", rule.Match)
			continue
		}
		if rule.CacheControl == "" && rule.ContentEncoding == "" && rr.Has("match") {
			rr.Errorf("match", "add cache_control: or content_encoding:, or remove the rule", "rule %q sets nothing", rule.Match)
		}
		if cc := rule.CacheControl; cc != "" && (len(cc) > maxCacheControl || strings.ContainsAny(cc, "\r\n")) {
			rr.Errorf("cache_control", "e.g. \"public, max-age=300\"", "cache_control must be one line of at most %d characters", maxCacheControl)
		}
		switch rule.ContentEncoding {
		case "", "gzip", "br":
		default:
			rr.Errorf("content_encoding", "use gzip or br", "content_encoding %q is not supported", rule.ContentEncoding)
		}
		s.Deploy.Rules = append(s.Deploy.Rules, rule)
	}
}
