package config

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pseb/sitegen/generator/diagnostic"
)

func dataFiles() fstest.MapFS {
	return fstest.MapFS{
		CitiesFile: {Data: []byte("- id: lahore\n  name: Lahore\n  province: Punjab\n  underserved: false\n" +
			"- id: bannu\n  name: Bannu\n  province: Khyber Pakhtunkhwa\n  underserved: true\n")},
		ServicesFile:       {Data: []byte("- id: fintech\n  label: Fintech\n  description: Money.\n")},
		CertificationsFile: {Data: []byte("- id: iso-27001\n  label: ISO/IEC 27001\n")},
	}
}

// The reference data in another language: names from cities.zh.yaml, the rest kept; the
// default language's data unchanged; a language without translations is the data itself.
func TestDataTranslations(t *testing.T) {
	fsys := dataFiles()
	fsys["content/data/cities.zh.yaml"] = &fstest.MapFile{Data: []byte("- id: lahore\n  name: 拉合尔\n  province: 旁遮普省\n- id: bannu\n  name: 本努\n")}
	fsys["content/data/services.zh.yaml"] = &fstest.MapFile{Data: []byte("- id: fintech\n  label: 金融科技\n")}
	var errs diagnostic.List
	d := LoadData(fsys, &errs)
	d.LoadTranslations(fsys, []string{"zh", "ar"}, &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Error())
	}
	for _, tt := range []struct {
		code, base string
		want       bool
	}{{"zh", CitiesFile, true}, {"zh", ServicesFile, true}, {"zh", CertificationsFile, false}, {"ar", CitiesFile, false}, {"en", CitiesFile, false}} {
		if got := d.Translates(tt.code, tt.base); got != tt.want {
			t.Errorf("Translates(%s, %s) = %v", tt.code, tt.base, got)
		}
	}
	if (*Data)(nil).Translates("zh", CitiesFile) {
		t.Error("no data translates")
	}
	zh := d.Localized("zh")
	if c := zh.City("lahore"); c.Name != "拉合尔" || c.Province != "旁遮普省" || c.Underserved {
		t.Errorf("zh lahore %+v", c)
	}
	if c := zh.City("bannu"); c.Name != "本努" || c.Province != "Khyber Pakhtunkhwa" || !c.Underserved {
		t.Errorf("zh bannu %+v (a province not translated keeps the default's)", c)
	}
	if s := zh.Service("fintech"); s.Label != "金融科技" || s.Description != "Money." {
		t.Errorf("zh fintech %+v", s)
	}
	if zh.Certification("iso-27001").Label != "ISO/IEC 27001" || len(zh.Cities) != 2 || zh.Cities[0].ID != "lahore" {
		t.Errorf("zh keeps what is not translated, in file order: %+v", zh.Cities)
	}
	if d.City("lahore").Name != "Lahore" || d.Localized("ar") != d {
		t.Error("the default language's data changed, or ar (no translations) is not the data itself")
	}
}

func TestDataTranslationErrors(t *testing.T) {
	tests := []struct{ file, data, want string }{
		{"cities.zh.yaml", "- id: lahore\n  name: 拉合尔\n", `content/data/cities.zh.yaml:1: city "bannu" is not translated (add "- id: bannu" with its name)`},
		{"cities.zh.yaml", "- id: lahor\n  name: x\n- id: bannu\n  name: y\n- id: lahore\n  name: z\n", `content/data/cities.zh.yaml:1:3: unknown city "lahor" (did you mean "lahore"?)`},
		{"cities.zh.yaml", "- id: lahore\n- id: bannu\n  name: y\n", `content/data/cities.zh.yaml:1: missing required field "name" (add a line "name: ...")`},
		{"cities.zh.yaml", "- id: lahore\n  name: x\n  underserved: true\n- id: bannu\n  name: y\n", `content/data/cities.zh.yaml:3:3: unknown field "underserved" (allowed: id, name, province)`},
		{"services.zh.yaml", "- id: fintech\n  label: a\n- id: fintech\n  label: b\n", `content/data/services.zh.yaml:3:3: service "fintech" is translated twice (keep one of them)`},
		{"certifications.fr.yaml", "- id: iso-27001\n  label: x\n", `content/data/certifications.fr.yaml: "fr" is not one of the site's other languages`},
		{"services.zh.yaml", "label: x\n", `content/data/services.zh.yaml:1:1: expected a list of entries`},
	}
	for _, tt := range tests {
		fsys := dataFiles()
		fsys["content/data/"+tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
		var errs diagnostic.List
		d := LoadData(fsys, &errs)
		d.LoadTranslations(fsys, []string{"zh"}, &errs)
		if !strings.Contains(errs.Error(), tt.want) {
			t.Errorf("%s:\n got %s\nwant %s", tt.file, errs.Error(), tt.want)
		}
	}
	if IsDataset("content/data/cities.zh.yaml") || !IsDataset("content/data/exports.zh.yaml") {
		t.Error("a translation of the reference data is read as a dataset, or a dataset's is not")
	}
}
