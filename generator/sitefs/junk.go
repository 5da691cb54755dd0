package sitefs

import (
	"path"
	"slices"
	"strings"
)

// IsJunk reports whether name (a file's base name) is an editor's or the system's leftover
// that never belongs to the site: hidden files, backups and swap files, lock files. Every
// reader of a site's folder (content, data, static files, the watcher, the build cache,
// the importer) skips the same files by this one rule.
func IsJunk(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, "#") || name == "Thumbs.db" || name == "desktop.ini" ||
		slices.Contains([]string{".swp", ".swo", ".swx", ".bak", ".tmp", ".orig"}, path.Ext(name))
}
