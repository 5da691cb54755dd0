package config

import (
	"strings"
	"testing"
)

func TestDeployRules(t *testing.T) {
	s, errs := loadSiteYAML(t, "deploy:\n  rules:\n    - match: \"**/*.html\"\n      cache_control: public, max-age=60\n"+
		"    - match: \"search/*.json\"\n      content_encoding: gzip\n")
	if errs != "" {
		t.Fatal(errs)
	}
	want := []DeployRule{{Match: "**/*.html", CacheControl: "public, max-age=60"}, {Match: "search/*.json", ContentEncoding: "gzip"}}
	if len(s.Deploy.Rules) != 2 || s.Deploy.Rules[0] != want[0] || s.Deploy.Rules[1] != want[1] {
		t.Fatalf("rules %+v", s.Deploy.Rules)
	}
	for _, tt := range []struct {
		rel  string
		want bool
	}{{"index.html", true}, {"companies/acme/index.html", true}, {"style.css", false}} {
		if got := s.Deploy.Rules[0].Matches(tt.rel); got != tt.want {
			t.Errorf("Matches(%q) = %v", tt.rel, got)
		}
	}
}

func TestDeployRuleBraces(t *testing.T) {
	r := DeployRule{Match: "**/*.{html,css}"}
	for rel, want := range map[string]bool{"a/b.css": true, "index.html": true, "a/b.js": false} {
		if r.Matches(rel) != want {
			t.Errorf("%q matches %q: %v", r.Match, rel, !want)
		}
	}
}

func TestDeployRuleErrors(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{"deploy:\n  rules:\n    - match: \"[a\"\n      cache_control: x\n", `content/site.yaml:5:7: match "[a" is not a valid pattern (use * for part of a name`},
		{"deploy:\n  rules:\n    - match: /news/*\n      cache_control: x\n", `match "/news/*" starts with / (paths are relative to the output folder`},
		{"deploy:\n  rules:\n    - match: \"*.css\"\n", `rule "*.css" sets nothing (add cache_control: or content_encoding:`},
		{"deploy:\n  rules:\n    - match: \"*.css\"\n      content_encoding: zstd\n", `content/site.yaml:6:7: content_encoding "zstd" is not supported (use gzip or br)`},
		{"deploy:\n  rules:\n    - cache_control: x\n", `match`},
		{"deploy:\n  rules:\n    - match: \"*\"\n      cache-control: x\n", `unknown field "deploy.rules[0].cache-control" (did you mean "cache_control"?)`},
		{"deploy:\n  rule: []\n", `unknown field "deploy.rule" (did you mean "rules"?)`},
		{"deploy:\n  rules:\n    - match: \"*\"\n      cache_control: \"" + strings.Repeat("x", 300) + "\"\n", `cache_control must be one line of at most 256 characters`},
	} {
		_, errs := loadSiteYAML(t, tt.yaml)
		if !strings.Contains(errs, tt.want) {
			t.Errorf("%q:\n got %s\nwant %s", tt.yaml, errs, tt.want)
		}
	}
}
