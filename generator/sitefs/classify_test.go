package sitefs

import "testing"

func TestClassify(t *testing.T) {
	for src, want := range map[string]ChangeKind{
		"content/site.yaml":                     ChangeConfig,
		"content/data/cities.yaml":              ChangeData,
		"content/data/exports.csv":              ChangeData,
		"content/companies/acme.md":             ChangeContent,
		"content/companies/acme/logo.svg":       ChangeContent,
		"layouts/company.html":                  ChangeTemplate,
		"themes/default/layouts/baseof.html":    ChangeTemplate,
		"themes/default/i18n/zh.yaml":           ChangeStrings,
		"static/logo.svg":                       ChangeStatic,
		"themes/default/static/css/style.css":   ChangeStatic,
		"themes/default/data/pakistan.geojson":  ChangeTheme,
		"themes/default":                        ChangeTheme,
		"static":                                ChangeTheme,
		"content":                               ChangeTheme,
		"themes/other/layouts/baseof.html":      ChangeNone,
		"README.md":                             ChangeNone,
		"themes/defaultish/static/css/site.css": ChangeNone,
	} {
		if got := Classify(src, "themes/default"); got != want {
			t.Errorf("Classify(%s) = %d, want %d", src, got, want)
		}
	}
}
