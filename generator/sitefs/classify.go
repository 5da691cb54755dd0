package sitefs

import "strings"

// ChangeKind is what an edited file is to the build, by its path.
type ChangeKind int

const (
	ChangeContent  ChangeKind = iota // a Markdown file or a bundle's file under content/
	ChangeConfig                     // content/site.yaml
	ChangeData                       // content/data/: cities, services, datasets
	ChangeTemplate                   // a layout of the theme or of the site's layouts/
	ChangeStrings                    // the theme's i18n files
	ChangeStatic                     // a file of the theme's or the site's static/
	ChangeTheme                      // anything else of the theme in use (its map outline)
	ChangeNone                       // outside what the site is made from (another theme)
)

// Classify says what the file at src (slash-separated, below the site root) is to a build
// with the theme in themeDir (themes/<name>).
func Classify(src, themeDir string) ChangeKind {
	dir := themeDir + "/"
	switch {
	case src == "content/site.yaml":
		return ChangeConfig
	case strings.HasPrefix(src, "content/data/"):
		return ChangeData
	case strings.HasPrefix(src, "content/"):
		return ChangeContent
	case strings.HasPrefix(src, OverrideDir+"/"), strings.HasPrefix(src, dir+"layouts/"):
		return ChangeTemplate
	case strings.HasPrefix(src, dir+"i18n/"):
		return ChangeStrings
	case strings.HasPrefix(src, "static/"), strings.HasPrefix(src, dir+"static/"):
		return ChangeStatic
	case strings.HasPrefix(src, dir), src == strings.TrimSuffix(dir, "/"):
		return ChangeTheme
	case src == "content", src == "static", src == OverrideDir:
		return ChangeTheme // the folder itself came or went: everything in it did
	}
	return ChangeNone
}
