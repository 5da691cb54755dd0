package content

import (
	"context"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes as a company profile and as a park: loading must never
// panic, and a failed load must say why.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"---\nname: Acme\ncity: lahore\nservices: [web-development]\nsummary: Web apps.\n---\n\nBody with [a link](javascript:alert(1)).\n",
		"+++\nname = \"A\"\ncity = \"lahore\"\n+++\n",
		"{\n\"name\": \"A\"\n}\n\nbody",
		";;;\n{\"name\": 1}\n;;;\n",
		"---\nname: &a [*a]\n---\n",
		"---\n- 1\n---\n",
		"---\nlocation: {lat: 1e400, lng: -0}\nfounded: 99999999999999999999\n---\n",
		"\xef\xbb\xbf---\r\nname: x\r\n---\r\n",
		"---\nname: A\ncity: lahore\nservices: [web-development]\nsummary: S.\ncertifications: [{id: iso-27001, issuer: [x], expires: {}}, 7, [iso-27001]]\n" +
			"registration: {number: 7, checked: 2026-13-40}\ntechnologies: [[a], {b: c}]\ncase_studies: [x, {title: {}, year: -1, url: 'javascript:x'}]\n---\n",
		"---\n",
		"",
		"\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := validSite()
		fsys["content/companies/fuzz.md"] = &fstest.MapFile{Data: data}
		fsys["content/parks/fuzz-park.md"] = &fstest.MapFile{Data: data}
		site, err := Load(context.Background(), fsys, Options{Now: testNow})
		if err == nil && site == nil {
			t.Fatal("no site and no error")
		}
		if err != nil && err.Error() == "" {
			t.Fatal("an error without a message")
		}
	})
}
