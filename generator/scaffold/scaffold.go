// Package scaffold owns what `sitegen new` writes: a new site that builds at once, and new
// content files (a company, a park, a page, a news item, or a translation of one) with their
// required fields filled, the optional ones as comments listing their allowed values from
// the schema and the site's data files, and a slug made from the name. It never overwrites
// a file.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosimple/slug"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/diagnostic"
)

//go:embed all:newsite
var newSite embed.FS

// UsageError is a request that cannot be carried out as given (an unknown kind, a city not
// in the data, a folder that is not empty): the command line must change, as with a bad
// flag.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }

// NewSite writes a minimal, valid site into dir (created if missing, refused unless empty)
// and returns the files it wrote, slash-separated and relative to dir.
func NewSite(dir string) ([]string, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return nil, usagef("%s: the folder is not empty; sitegen new site writes into an empty or new folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	var wrote []string
	err := fs.WalkDir(newSite, "newsite", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, "newsite/")
		data, err := newSite.ReadFile(p)
		if err != nil {
			return err
		}
		if err := writeNew(filepath.Join(dir, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
		wrote = append(wrote, rel)
		return nil
	})
	return wrote, err
}

// writeNew writes a file that must not exist yet, creating its folder.
func writeNew(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usagef("%s already exists; sitegen new never overwrites a file", path)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Slug makes a file name from a title: lower-case ASCII words joined by hyphens, other
// scripts transliterated ("Café Déjà" → cafe-deja, "智能软件" → zhi-neng-ruan-jian).
func Slug(title string) string {
	s := slug.Make(title)
	if len(s) > 60 { // a file name, not a sentence: cut at a word
		s = s[:60]
		if i := strings.LastIndexByte(s, '-'); i > 20 {
			s = s[:i]
		}
	}
	return strings.Trim(s, "-")
}

// sectionOf is the content folder of each kind `new` writes.
var sectionOf = map[content.Kind]string{
	content.KindCompany: "companies", content.KindPark: "parks",
	content.KindPage: "pages", content.KindNews: "news",
}

// Kinds are the kinds of file `sitegen new` writes, as typed on the command line.
var Kinds = []string{"site", "company", "park", "page", "news"}

// kindByName maps a command-line kind to the content kind.
var kindByName = map[string]content.Kind{
	"company": content.KindCompany, "park": content.KindPark, "page": content.KindPage, "news": content.KindNews,
}

// existing finds the file of slug in section: the plain file or the bundle's index.md
// ("" if neither exists).
func existing(siteDir, section, slug, lang string) string {
	suffix := ".md"
	if lang != "" {
		suffix = "." + lang + ".md"
	}
	for _, p := range []string{section + "/" + slug + suffix, section + "/" + slug + "/index" + suffix} {
		if _, err := os.Stat(filepath.Join(siteDir, "content", filepath.FromSlash(p))); err == nil {
			return "content/" + p
		}
	}
	return ""
}

// siteConfig reads the site's settings and data, which the flags are checked against. The
// build reports their own errors at their lines; here they only stop the command.
func siteConfig(siteDir string) (*config.Site, *config.Data, error) {
	fsys := os.DirFS(siteDir)
	if _, err := fs.Stat(fsys, "content/site.yaml"); err != nil {
		return nil, nil, usagef("%s: no content/site.yaml here; run sitegen new in a site's folder (or give --source), or start one with sitegen new site DIR", siteDir)
	}
	var errs diagnostic.List
	cfg := config.LoadSite(fsys, &errs)
	data := config.LoadData(fsys, &errs)
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	return cfg, data, nil
}
