package hostconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	good := "# comment\n/pseb/*\n  X-Frame-Options: DENY\n  Content-Security-Policy: default-src 'self'\n/pseb/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"
	tests := []struct {
		name, headers, redirects string
		want                     string // error fragment, "" for none
	}{
		{"good", good, "/pseb/old/ /pseb/new/ 301\n", ""},
		{"no redirects file", good, "-", ""},
		{"header before path", "  X: y\n", "", "line 1: a header before any path"},
		{"quote in a value", "/*\n  X: a\"; evil\n", "", "not a header a server config can carry"},
		{"variable in a value", "/*\n  X: $host\n", "", "not a header a server config can carry"},
		{"brace in a value", "/*\n  X: a}\n", "", "not a header a server config can carry"},
		{"bad name", "/*\n  X Y: z\n", "", "not a header a server config can carry"},
		{"unknown rule", "/*\n  X: y\n/other/*\n  X: y\n", "", "rules for /*, /other/*"},
		{"redirect fields", good, "/a/ /b/\n", "line 1: want"},
		{"redirect status", good, "/a/ /b/ 200\n", "status \"200\" is not a redirect"},
		{"redirect injection", good, "/a/;return /b/ 301\n", "line 1: want"},
		{"redirect to another host", good, "/a/ //evil.example/ 301\n", "line 1: want"},
		{"redirect with a space", good, "/a/ {x} 301\n", "line 1: want"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "_headers"), []byte(tt.headers), 0o644)
			if tt.redirects != "-" {
				os.WriteFile(filepath.Join(dir, "_redirects"), []byte(tt.redirects), 0o644)
			}
			os.MkdirAll(filepath.Join(dir, "zh"), 0o755)
			os.WriteFile(filepath.Join(dir, "zh/404.html"), []byte("x"), 0o644)
			s, err := Read(dir)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("error %v, want %q", err, tt.want)
			case tt.want != "":
				return
			}
			if s.Prefix != "/pseb/" || len(s.Headers) != 2 || len(s.Assets) != 1 || strings.Join(s.Languages, " ") != "/pseb/zh/" {
				t.Errorf("read %+v", s)
			}
		})
	}
	if _, err := Read(t.TempDir()); err == nil || !strings.Contains(err.Error(), "build the site first") {
		t.Errorf("no _headers: %v", err)
	}
}
