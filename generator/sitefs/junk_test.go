package sitefs

import "testing"

func TestIsJunk(t *testing.T) {
	for name, want := range map[string]bool{
		"acme.md":            false,
		"acme.zh.md":         false,
		"hero.jpg":           false,
		"cities.yaml":        false,
		"2026-report.csv":    false,
		".acme.md.swp":       true, // vim
		"acme.md.swp":        true,
		"acme.md~":           true, // vim backup, emacs
		"#acme.md#":          true, // emacs autosave
		".#acme.md":          true, // emacs lock
		".DS_Store":          true,
		"Thumbs.db":          true,
		"desktop.ini":        true,
		"style.css.bak":      true,
		"acme.md.orig":       true, // merge leftover
		"acme.md.tmp":        true,
		".well-known":        true,  // a dot-folder: the static loader lets this one in by name
		"4913":               false, // vim's probe file is removed before anyone reads it
		"cities.yaml.swx":    true,
		"notes.md.123.tmp":   true,
		"acme.md.crswap":     false, // unknown suffixes are content: the loader reports them
		"jetbrains___jb_tmp": false,
	} {
		if got := IsJunk(name); got != want {
			t.Errorf("IsJunk(%q) = %v, want %v", name, got, want)
		}
	}
}
