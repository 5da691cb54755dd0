package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"reflect"
	"slices"
	"strings"
	"sync"
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

// TestHeadsKeepCheckedBodies: a body that passed markdown.CheckBody is not scanned again
// when its file's bytes are the same (the shortcodes recorded for it are taken: planted
// ones show), for entries and translations alike; a body that does not pass is reported
// by every load, and nothing is recorded for it.
func TestHeadsKeepCheckedBodies(t *testing.T) {
	fsys := validSite()
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Test\nbase_url: https://example.org/\nlanguages:\n  - code: zh\n")}
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\nHello.\n\n{{< callout type=\"tip\" >}}\nRead on.\n{{< /callout >}}\n")}
	fsys["content/pages/about.zh.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 关于\n---\n\n{{< callout type=\"note\" >}}\n你好\n{{< /callout >}}\n")}
	plain, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	_, buf := baseOf(t, fsys)
	saved, err := DecodeHeads(buf)
	if err != nil {
		t.Fatal(err)
	}
	about, aboutZh := saved.saved[sha256.Sum256(fsys["content/pages/about.md"].Data)], saved.saved[sha256.Sum256(fsys["content/pages/about.zh.md"].Data)]
	if about == nil || !about.Checked || len(about.Calls) != 1 || aboutZh == nil || !aboutZh.Checked || len(aboutZh.Calls) != 1 {
		t.Fatalf("saved records: %+v, %+v; want both checked with one call each", about, aboutZh)
	}
	// Taken as recorded: a planted argument shows, on the entry and the translation.
	about.Calls[0].Args = map[string]string{"type": "planted"}
	aboutZh.Calls[0].Args = map[string]string{"type": "planted-zh"}
	got, errs := load(t, fsys, Options{Heads: saved})
	if errs != nil {
		t.Fatal(errs)
	}
	page := got.Pages[0]
	if page.Shortcodes[0].Args["type"] != "planted" || page.Translations["zh"].Shortcodes[0].Args["type"] != "planted-zh" {
		t.Fatalf("the recorded calls were not used: %+v, %+v", page.Shortcodes, page.Translations["zh"].Shortcodes)
	}
	if want := plain.Pages[0].Shortcodes; len(want) != 1 || want[0].Args["type"] != "tip" {
		t.Fatalf("a plain load's calls: %+v", want)
	}

	// A body that does not pass: reported by every load through the same heads.
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\nHello.\n\n{{< callout type=\"nonsense\" >}}\nRead on.\n{{< /callout >}}\n")}
	_, want := load(t, fsys, Options{})
	if len(want) == 0 {
		t.Fatal("an unknown callout type passed")
	}
	fresh := NewHeads()
	for range 2 {
		if _, got := load(t, fsys, Options{Heads: fresh}); !slices.Equal(got, want) {
			t.Fatalf("errors through heads %v, want %v", got, want)
		}
	}
	if hd := fresh.used[sha256.Sum256(fsys["content/pages/about.md"].Data)]; hd == nil || hd.Checked {
		t.Fatalf("the failing body's record: %+v", hd)
	}
}

// TestHeadsAdded: after one file is edited, a load through a decoded base reads one record
// the base lacks and leaves one of its records unread (growth); the base and what
// EncodeAdded wrote, decoded, give the next load every file's record.
func TestHeadsAdded(t *testing.T) {
	fsys := validSite()
	first, base := baseOf(t, fsys)
	if _, _, _, based := first.growth(); based {
		t.Fatal("NewHeads has a base")
	}
	heads, err := DecodeHeads(bytes.NewReader(base.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	fsys["content/companies/acme.md"] = &fstest.MapFile{Data: bytes.Replace(fsys["content/companies/acme.md"].Data, []byte("Body."), []byte("Body, edited."), 1)}
	if _, errs := load(t, fsys, Options{Heads: heads}); errs != nil {
		t.Fatal(errs)
	}
	if added, stale, used, based := heads.growth(); added != 1 || stale != 1 || used != 4 || !based {
		t.Fatalf("growth = %d added, %d stale, %d used, base %v; want 1, 1, 4, true", added, stale, used, based)
	}
	next := withAdded(t, base.Bytes(), heads)
	key := sha256.Sum256(fsys["content/companies/acme.md"].Data)
	hd := next.saved[key]
	if hd == nil || hd.inBase {
		t.Fatalf("the edited file's record after DecodeAdded: %+v", hd)
	}
	planted, _, _, err := meta.SplitFrontMatter([]byte("---\nname: Planted\ncity: lahore\npark: lahore-park\nservices: [web-development]\nsummary: Web apps.\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	hd.FM = planted
	got, errs := load(t, fsys, Options{Heads: next})
	if errs != nil || got.Companies[0].Name != "Planted" {
		t.Fatalf("the added record was not used: %v, %v", got.Companies[0].Name, errs)
	}
	if added, stale, used, _ := next.growth(); added != 1 || stale != 1 || used != 4 {
		t.Fatalf("growth after the additions were read = %d, %d, %d; want 1, 1, 4", added, stale, used)
	}
}

// TestHeadsTrim: Trim lets go of the base's trees only when the base stays with the margin
// given; a load after it parses what it needs and gives the same site, and what
// EncodeAdded writes then, read with the base, gives every file's record.
func TestHeadsTrim(t *testing.T) {
	fsys := validSite()
	first, base := baseOf(t, fsys)
	if first.Trim(0) {
		t.Fatal("Trim without a base")
	}
	// Four files: an eighth of them is 0, so any edit would end the base.
	small, err := DecodeHeads(bytes.NewReader(base.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := load(t, fsys, Options{Heads: small}); errs != nil {
		t.Fatal(errs)
	}
	if small.Trim(1) || !small.KeepsBase() {
		t.Fatalf("Trim(1) of four unchanged files, or KeepsBase false: trimmed %v", small.trimmed)
	}
	if !small.Trim(0) || len(small.saved) != 0 {
		t.Fatalf("Trim(0) of four unchanged files: trimmed %v, %d trees left", small.trimmed, len(small.saved))
	}
	// Reloaded after the trim, edited: the same site as a plain load.
	fsys["content/companies/acme.md"] = &fstest.MapFile{Data: bytes.Replace(fsys["content/companies/acme.md"].Data, []byte("Body."), []byte("Body, edited."), 1)}
	plain, errs := load(t, fsys, Options{})
	if errs != nil {
		t.Fatal(errs)
	}
	got, errs := load(t, fsys, Options{Heads: small})
	if errs != nil || got.Companies[0].Name != plain.Companies[0].Name || !bytes.Equal(got.Companies[0].Body, plain.Companies[0].Body) {
		t.Fatalf("a load after Trim: %+v, %v", got.Companies[0], errs)
	}
	if !small.KeepsBase() {
		t.Fatal("KeepsBase is false after Trim")
	}
	next := withAdded(t, base.Bytes(), small)
	if hd := next.saved[sha256.Sum256(fsys["content/companies/acme.md"].Data)]; hd == nil || hd.FM == nil {
		t.Fatalf("the edited file's record after Trim and EncodeAdded: %+v", hd)
	}
	for name, f := range fsys {
		if strings.HasPrefix(name, "content/") && strings.HasSuffix(name, ".md") {
			if hd := next.saved[sha256.Sum256(f.Data)]; hd == nil || hd.FM == nil {
				t.Errorf("%s: no record in the base and additions", name)
			}
		}
	}
}

// withAdded is what the next build reads: the base as Encode wrote it, and what h
// (decoded from that base) wrote with EncodeAdded.
func withAdded(t *testing.T, base []byte, h *Heads) *Heads {
	t.Helper()
	var added bytes.Buffer
	if err := h.EncodeAdded(&added); err != nil {
		t.Fatal(err)
	}
	next, err := DecodeHeads(bytes.NewReader(base))
	if err != nil {
		t.Fatal(err)
	}
	if err := next.DecodeAdded(&added); err != nil {
		t.Fatal(err)
	}
	return next
}

// baseOf loads fsys through new heads and encodes them: a build's base.
func baseOf(t *testing.T, fsys fstest.MapFS) (*Heads, *bytes.Buffer) {
	t.Helper()
	h := NewHeads()
	if _, errs := load(t, fsys, Options{Heads: h}); errs != nil {
		t.Fatal(errs)
	}
	var base bytes.Buffer
	if err := h.Encode(&base); err != nil {
		t.Fatal(err)
	}
	return h, &base
}

// TestHeadsDamaged: every truncation of saved heads, and a file of another kind, is an
// error, never a shorter set of records; what reads back is every record saved, its tree,
// body position and checked shortcodes included.
func TestHeadsDamaged(t *testing.T) {
	heads, buf := baseOf(t, validSite())
	back, err := DecodeHeads(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.saved) != len(heads.used) {
		t.Fatalf("%d records read back, %d saved", len(back.saved), len(heads.used))
	}
	for k, hd := range heads.used {
		got := back.saved[k]
		if got == nil || !reflect.DeepEqual(got.FM, hd.FM) || got.BodyAt != hd.BodyAt || got.BodyLine != hd.BodyLine ||
			got.Checked != hd.Checked || len(got.Calls) != len(hd.Calls) || (len(hd.Calls) > 0 && !reflect.DeepEqual(got.Calls, hd.Calls)) {
			t.Fatalf("record read back as %+v, saved %+v", got, hd)
		}
	}
	data := buf.Bytes()
	for n := range len(data) {
		if _, err := DecodeHeads(bytes.NewReader(data[:n])); err == nil {
			t.Fatalf("truncated to %d of %d bytes: no error", n, len(data))
		}
	}
	if _, err := DecodeHeads(strings.NewReader("not heads at all")); err == nil {
		t.Fatal("a file of another kind read as heads")
	}
}

// sumFS is a MapFS that knows its files' SHA-256 (as the build cache's copy does) and
// counts the files read.
type sumFS struct {
	fstest.MapFS
	mu   sync.Mutex
	read map[string]int
}

func (s *sumFS) SHA256(name string) ([sha256.Size]byte, bool) {
	f, ok := s.MapFS[name]
	if !ok {
		return [sha256.Size]byte{}, false
	}
	return sha256.Sum256(f.Data), true
}

func (s *sumFS) ReadFile(name string) ([]byte, error) {
	s.mu.Lock()
	s.read[name]++
	s.mu.Unlock()
	return s.MapFS.ReadFile(name)
}

// TestHeadsLeaveFilesUnread: with bodies left on disk, a file system that knows the files'
// sums, and heads that hold them checked, company files (and their translations) are not
// read at all, and the site is the one a load that reads them gives: names, bodies read
// from disk, which translations have a body, shortcodes. A file the heads do not hold, or
// hold unchecked, is read.
func TestHeadsLeaveFilesUnread(t *testing.T) {
	fsys := validSite()
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: Test\nbase_url: https://example.org/\nlanguages:\n  - code: zh\n")}
	fsys["content/companies/acme.zh.md"] = &fstest.MapFile{Data: []byte("---\nname: 阿克米\n---\n\n中文正文。\n")}
	fsys["content/companies/beta.md"] = &fstest.MapFile{Data: []byte("---\nname: Beta\ncity: bannu\nservices: [fintech]\nsummary: Pay.\n---\n\n{{< callout type=\"note\" >}}\nHi\n{{< /callout >}}\n")}
	fsys["content/companies/beta.zh.md"] = &fstest.MapFile{Data: []byte("---\nname: 贝塔\n---\n\n")}
	opts := Options{LazyBodies: true}
	plain, errs := load(t, fsys, opts)
	if errs != nil {
		t.Fatal(errs)
	}
	_, buf := baseOf(t, fsys) // the records are the same whether bodies are kept or not
	saved, err := DecodeHeads(buf)
	if err != nil {
		t.Fatal(err)
	}
	sums := &sumFS{MapFS: fsys, read: map[string]int{}}
	got, err := Load(context.Background(), sums, Options{LazyBodies: true, Heads: saved, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"content/companies/acme.md", "content/companies/acme.zh.md", "content/companies/beta.md", "content/companies/beta.zh.md"} {
		if sums.read[name] != 0 {
			t.Errorf("%s was read %d times", name, sums.read[name])
		}
	}
	if sums.read["content/pages/about.md"] != 1 {
		t.Errorf("a page (bodies kept) was read %d times, want once", sums.read["content/pages/about.md"])
	}
	if len(got.Companies) != len(plain.Companies) {
		t.Fatalf("%d companies, want %d", len(got.Companies), len(plain.Companies))
	}
	for i, c := range got.Companies {
		p := plain.Companies[i]
		gb, err1 := got.BodyOf(&c.Entry)
		pb, err2 := plain.BodyOf(&p.Entry)
		if c.Name != p.Name || c.Summary != p.Summary || c.BodyLine != p.BodyLine || err1 != nil || err2 != nil || !bytes.Equal(gb, pb) ||
			!reflect.DeepEqual(c.Shortcodes, p.Shortcodes) {
			t.Fatalf("%s through the sums: %q %q line %d body %q (%v) %v; read: %q %q line %d body %q (%v) %v", c.Source,
				c.Name, c.Summary, c.BodyLine, gb, err1, c.Shortcodes, p.Name, p.Summary, p.BodyLine, pb, err2, p.Shortcodes)
		}
		for lang, tr := range c.Translations {
			ptr := p.Translations[lang]
			gtb, err1 := got.TranslationBody(tr)
			ptb, err2 := plain.TranslationBody(ptr)
			if tr.Title != ptr.Title || tr.HasBody() != ptr.HasBody() || err1 != nil || err2 != nil || !bytes.Equal(gtb, ptb) {
				t.Fatalf("%s through the sums: %q body %v %q; read: %q body %v %q", tr.Source, tr.Title, tr.HasBody(), gtb, ptr.Title, ptr.HasBody(), ptb)
			}
		}
	}
	if len(got.Companies[0].Translations)+len(got.Companies[1].Translations) != 2 {
		t.Fatal("the translations were not attached")
	}

	// An edited file is not in the heads: it is read, once.
	fsys["content/companies/acme.md"] = &fstest.MapFile{Data: []byte("---\nname: Acme Two\ncity: lahore\nservices: [web-development]\nsummary: Web apps.\n---\n\nBody two.\n")}
	sums.read = map[string]int{}
	again, err := Load(context.Background(), sums, Options{LazyBodies: true, Heads: saved, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if sums.read["content/companies/acme.md"] != 1 || sums.read["content/companies/beta.md"] != 0 || again.Companies[0].Name != "Acme Two" {
		t.Fatalf("after an edit: reads %v, first company %q", sums.read, again.Companies[0].Name)
	}
}
