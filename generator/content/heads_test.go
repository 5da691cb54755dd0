package content

import (
	"bytes"
	"crypto/sha256"
	"testing"
	"testing/fstest"

	"github.com/pseb/sitegen/generator/meta"
)

// TestHeads: a load through Heads gives the site a plain load gives; saved and decoded, the
// heads are what the next load takes instead of parsing (a tree planted under a file's hash
// shows); a file that does not parse is reported as ever and never saved; only the files
// loads read are saved.
func TestHeads(t *testing.T) {
	fsys := validSite()
	plain, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	heads := NewHeads()
	through, errs := load(t, fsys, Options{Heads: heads})
	if errs != nil {
		t.Fatal(errs)
	}
	if a, b := plain.Companies[0], through.Companies[0]; a.Name != b.Name || a.Summary != b.Summary || a.BodyLine != b.BodyLine || !bytes.Equal(a.Body, b.Body) {
		t.Fatalf("through heads: %+v\nplain: %+v", b, a)
	}
	if n := heads.Len(); n != 4 {
		t.Fatalf("heads of %d files, want the 4 content files", n)
	}

	// Saved, a file's entry is taken as it is: plant another name under acme's hash.
	var buf bytes.Buffer
	if err := heads.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	saved, err := DecodeHeads(&buf)
	if err != nil {
		t.Fatal(err)
	}
	acme := fsys["content/companies/acme.md"].Data
	planted, _, _, err := meta.SplitFrontMatter(bytes.Replace(acme, []byte("name: Acme"), []byte("name: Planted"), 1))
	if err != nil {
		t.Fatal(err)
	}
	saved.saved[sha256.Sum256(acme)].FM = planted
	got, errs := load(t, fsys, Options{Heads: saved})
	if errs != nil || got.Companies[0].Name != "Planted" || !bytes.Equal(got.Companies[0].Body, plain.Companies[0].Body) {
		t.Fatalf("the saved tree was not used: %q, body %q, %v", got.Companies[0].Name, got.Companies[0].Body, errs)
	}

	// A broken file: the same error as without heads, and nothing saved for it.
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [unclosed\n---\nHello.\n")}
	_, want := load(t, fsys, Options{})
	fresh := NewHeads()
	_, got2 := load(t, fsys, Options{Heads: fresh})
	if len(want) == 0 || len(got2) != len(want) || got2[0] != want[0] {
		t.Fatalf("errors through heads %v, want %v", got2, want)
	}
	if n := fresh.Len(); n != 3 {
		t.Fatalf("heads of %d files after a broken one, want 3", n)
	}
}
