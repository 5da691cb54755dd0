// Package contentdir owns which files of a site's content/ folder are entries: the section
// folders, page bundles with the resources they may publish (and the SVGs among them that
// are static drawings only), translations by file name (acme.zh.md), and symbolic links
// followed inside the site or reported; and what changed since they were found (Changes),
// with the folder listings kept so that a reload lists only the folders an edit reached
// (ListingFS). It finds files; package content reads them.
package contentdir

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/sitefs"
	"github.com/pseb/sitegen/generator/svgcheck"
	"golang.org/x/text/language"
)

// File is a Markdown file found under content/.
type File struct {
	// Section is the folder it is in (companies, parks, pages, news); "" for the home
	// page's content/_index.md and its translations.
	Section string
	Path    string // content/companies/acme.md or content/companies/acme/index.md
	// Bundle is the folder of a page bundle (content/companies/acme), Resources the files
	// it publishes beside the page, relative to it.
	Bundle    string
	Resources []string
	// Lang is set on a translation (acme.zh.md): its language; Orig is the file it
	// translates.
	Lang, Orig string
}

// Sections are the folders of content/ that hold entries, one kind each.
var Sections = []string{"companies", "parks", "pages", "news"}

// Find lists the entries' files under content/ of fsys, with their bundles' resources and
// the translations into langs (the site's language codes). What cannot be published (an
// unknown section, a Markdown file outside one, a broken link, a resource of a type a bundle
// may not publish, an unsafe SVG) is reported to errs and left out.
func Find(fsys fs.FS, langs []string, errs *diagnostic.List) ([]File, error) {
	top, err := fs.ReadDir(fsys, "content")
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	var files []File
	sections := []string{"companies", "parks", "pages", "news", "data"}
	for _, e := range top {
		name, p := e.Name(), "content/"+e.Name()
		if sitefs.IsJunk(name) {
			continue
		}
		if e = followLink(fsys, p, e, errs); e == nil {
			continue
		}
		switch {
		case e.IsDir() && name == "data":
		case e.IsDir() && slices.Contains(Sections, name):
			fs, err := sectionFiles(fsys, name, p, langs, errs)
			if err != nil {
				return nil, err
			}
			files = append(files, fs...)
		case e.IsDir():
			hint := diagnostic.SuggestOr(name, sections, "sections are "+strings.Join(sections, ", "))
			errs.Addf(p, 0, 0, hint, "unknown section folder %q", name)
		case name == "_index.md":
			files = append(files, File{Path: p})
		case strings.HasPrefix(name, "_index.") && strings.HasSuffix(name, ".md"):
			if lang := TranslationOf(name, langs, p, errs); lang != "" && lang != NotOurs {
				files = append(files, File{Path: p, Lang: lang, Orig: "content/_index.md"})
			}
		case docFile.MatchString(name):
			// README.md, CREDITS.md and the like document the content; they are not pages.
		case strings.HasSuffix(name, ".md"):
			errs.Addf(p, 0, 0, "move it to content/pages/ (or name it in capitals, like CREDITS.md, to keep it out of the site)", "Markdown files belong in a section folder")
		}
	}
	return files, nil
}

func sectionFiles(fsys fs.FS, section, dir string, langs []string, errs *diagnostic.List) ([]File, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	var files []File
	for _, e := range entries {
		name, p := e.Name(), dir+"/"+e.Name()
		if sitefs.IsJunk(name) {
			continue
		}
		if e = followLink(fsys, p, e, errs); e == nil {
			continue
		}
		switch {
		case e.IsDir():
			f, translations, ok, err := bundle(fsys, section, p, langs, errs)
			if err != nil {
				return nil, err
			}
			if !ok {
				errs.Addf(p, 0, 0, "a page bundle needs an index.md beside its files", "folder has no index.md")
				continue
			}
			files = append(append(files, f), translations...)
		case e.Type().IsRegular() && strings.HasSuffix(name, ".md"):
			switch lang := TranslationOf(name, langs, p, errs); lang {
			case NotOurs:
				continue
			case "":
			default:
				files = append(files, File{Section: section, Path: p, Lang: lang, Orig: dir + "/" + strings.TrimSuffix(name, "."+lang+".md") + ".md"})
				continue
			}
			files = append(files, File{Section: section, Path: p})
		}
	}
	return files, nil
}

// docFile is a Markdown file at the top of content/ named in capitals (README.md,
// CREDITS.md): notes about the content, left out of the site.
var docFile = regexp.MustCompile(`^[A-Z][A-Z0-9_-]*\.md$`)

func bundle(fsys fs.FS, section, dir string, langs []string, errs *diagnostic.List) (File, []File, bool, error) {
	f := File{Section: section, Path: dir + "/index.md", Bundle: dir}
	var translations []File
	found := false
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		if sitefs.IsJunk(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel := strings.TrimPrefix(p, dir+"/")
		if d.Type()&fs.ModeSymlink != 0 {
			// WalkDir does not enter a linked folder; a linked file is followed (inside
			// the site only: the site is opened as an os.Root).
			if d = followLink(fsys, p, d, errs); d == nil {
				return nil
			}
			if d.IsDir() {
				errs.Addf(p, 0, 0, "copy the folder into the bundle instead of linking it", "a link to a folder inside a bundle is not followed")
				return nil
			}
		}
		switch {
		case rel == "index.md":
			found = true
		case strings.HasPrefix(rel, "index.") && strings.HasSuffix(rel, ".md"):
			if lang := TranslationOf(rel, langs, p, errs); lang != "" && lang != NotOurs {
				translations = append(translations, File{Section: section, Path: p, Bundle: dir, Lang: lang, Orig: f.Path})
			} else if lang == "" {
				f.Resources = append(f.Resources, rel)
			}
		case d.Type().IsRegular():
			if checkResource(fsys, p, errs) {
				f.Resources = append(f.Resources, rel)
			}
		}
		return nil
	})
	if err != nil {
		return f, nil, false, fmt.Errorf("%s: %w", dir, err)
	}
	return f, translations, found, nil
}

// followLink returns what a symbolic link points to, as a DirEntry of the link's name, or
// reports it and returns nil when it is broken or leads out of the site. Other entries are
// returned as they are. A link is never skipped without a word: a deploy after a build
// that silently left out linked pages would delete them from the live site.
func followLink(fsys fs.FS, p string, e fs.DirEntry, errs *diagnostic.List) fs.DirEntry {
	if e.Type()&fs.ModeSymlink == 0 {
		return e
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		errs.Addf(p, 0, 0, "point the link at a file or folder inside the site, or copy it in", "symbolic link is broken or leads outside the site")
		return nil
	}
	return fs.FileInfoToDirEntry(linkInfo{info, e.Name()})
}

// linkInfo is the FileInfo of a link's target under the link's own name.
type linkInfo struct {
	fs.FileInfo
	name string
}

func (l linkInfo) Name() string { return l.name }

// ResourceTypes are the kinds of file a bundle publishes beside its page: pictures, PDFs
// and plain text or CSV (served as text/plain and text/csv with nosniff, never run as a
// page). Anything else (an .html page, a script, an archive) could run on the site's origin
// or pass for the board's own file, so it is an error, never published.
var ResourceTypes = []string{".avif", ".csv", ".gif", ".jpeg", ".jpg", ".pdf", ".png", ".svg", ".txt", ".webp"}

// checkResource reports a bundle file that may not be published: a type outside
// ResourceTypes, or an SVG that is more than a static drawing.
func checkResource(fsys fs.FS, p string, errs *diagnostic.List) bool {
	ext := strings.ToLower(path.Ext(p))
	if !slices.Contains(ResourceTypes, ext) {
		errs.Addf(p, 0, 0, "a bundle publishes only "+strings.Join(ResourceTypes, " ")+" files; remove it, or keep notes outside content/",
			"%q files are not published from a bundle", ext)
		return false
	}
	if ext != ".svg" {
		return true
	}
	return CheckSVG(fsys, p, errs)
}

// CheckSVG reports whether the SVG at p may be published (a static drawing, see svgcheck),
// adding its problems to errs at their lines. Every SVG the site serves from its origin
// passes it, a bundle's or a static folder's: a script in one would run as the site.
func CheckSVG(fsys fs.FS, p string, errs *diagnostic.List) bool {
	f, err := fsys.Open(p)
	if err != nil {
		errs.Addf(p, 0, 0, "", "%v", err)
		return false
	}
	defer f.Close()
	probs := svgcheck.Check(f)
	for _, pr := range probs {
		errs.Addf(p, pr.Line, pr.Col, pr.Hint, "%s", pr.Msg)
	}
	return len(probs) == 0
}

// NotOurs is what TranslationOf returns for a translation into a language the site lacks.
const NotOurs = "-"

// TranslationOf returns the language of a translation's file name ("acme.zh.md" is acme.md
// in zh), "" for other files. A name that looks like a translation into a language the site
// does not have is reported to errs (when not nil).
func TranslationOf(name string, langs []string, p string, errs *diagnostic.List) string {
	stem, ok := strings.CutSuffix(name, ".md")
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(stem, '.')
	if i < 0 {
		return ""
	}
	code := stem[i+1:]
	if slices.Contains(langs, code) {
		return code
	}
	if _, err := language.Parse(code); err == nil && errs != nil && len(code) <= 8 {
		hint := "add it to languages: in content/site.yaml"
		if len(langs) > 0 {
			hint += " (the site has " + strings.Join(langs, ", ") + ")"
		}
		errs.Addf(p, 0, 0, hint, "translation into %q, which is not one of the site's languages", code)
		return NotOurs
	}
	return ""
}
