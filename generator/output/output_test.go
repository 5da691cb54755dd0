package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommitReplacesAtomically(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	os.MkdirAll(filepath.Join(dest, "old"), 0o755)
	os.WriteFile(filepath.Join(dest, "old", "index.html"), []byte("old"), 0o644)

	d, err := Begin(dest, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("new/index.html", []byte("<p>  new   page </p>\n\n")); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("data.bin", []byte("  raw  ")); err != nil {
		t.Fatal(err)
	}
	// Until Commit, dest is untouched.
	if _, err := os.Stat(filepath.Join(dest, "old", "index.html")); err != nil {
		t.Fatal("dest changed before Commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dest, "new", "index.html"))
	if string(got) != "<p>new page</p>" {
		t.Errorf("minified page = %q", got)
	}
	raw, _ := os.ReadFile(filepath.Join(dest, "data.bin"))
	if string(raw) != "  raw  " {
		t.Errorf("unknown types must be copied as they are: %q", raw)
	}
	if _, err := os.Stat(filepath.Join(dest, "old")); !os.IsNotExist(err) {
		t.Error("old files survived the swap")
	}
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 {
		t.Errorf("leftovers beside dest: %v", ents)
	}
	if files, bytes := d.Stats(); files != 2 || bytes != int64(len("<p>new page</p>")+7) {
		t.Errorf("stats %d files %d bytes", files, bytes)
	}
}

func TestAbortLeavesDestAlone(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	d, err := Begin(dest, true)
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("x"))
	d.Abort()
	if ents, _ := os.ReadDir(parent); len(ents) != 0 {
		t.Errorf("abort left %v", ents)
	}
}

func TestPathsStayInside(t *testing.T) {
	d, err := Begin(filepath.Join(t.TempDir(), "public"), false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, bad := range []string{"../x.html", "/etc/passwd", "a/../../x", "", ".", `a\..\..\x`} {
		if _, err := d.Create(bad); !errors.Is(err, ErrOutsideOutput) {
			t.Errorf("Create(%q) = %v, want ErrOutsideOutput", bad, err)
		}
	}
}

func TestMinifierPerType(t *testing.T) {
	m := NewMinifier()
	tests := map[string]string{
		"text/css":               "a { color : red ; }",
		"application/javascript": "var  x = 1 ;\n\n",
		"image/svg+xml":          "<svg>  <rect width=\"10\" />  </svg>",
		"application/json":       "{ \"a\" : 1 }",
		"application/xml":        "<a>\n  <b/>\n</a>",
	}
	for mt, in := range tests {
		out, err := m.String(mt, in)
		if err != nil || len(out) >= len(in) || strings.Contains(out, "  ") {
			t.Errorf("%s: %q -> %q (%v)", mt, in, out, err)
		}
	}
}
