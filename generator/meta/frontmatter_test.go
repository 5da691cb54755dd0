package meta

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSplitFrontMatter(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		key        string // a key of the front matter, at keyLine
		keyLine    int
		body       string
		bodyLine   int
		err        string
	}{
		{"yaml", "---\ntitle: A\n---\nBody\n", "title", 2, "Body\n", 4, ""},
		{"yaml after blank lines", "\n\n---\ntitle: A\n---\nBody\n", "title", 4, "Body\n", 6, ""},
		{"toml", "+++\ntitle = \"A\"\n+++\nBody\n", "title", 2, "Body\n", 4, ""},
		{"json block", "{\n\"title\": \"A\"\n}\nBody\n", "title", 2, "Body\n", 4, ""},
		{"json one line", "{\"title\": \"A\"}\nBody\n", "title", 1, "Body\n", 2, ""},
		{"json delimited", ";;;\n{\"title\": \"A\"}\n;;;\nBody\n", "title", 2, "Body\n", 4, ""},
		{"unclosed", "---\ntitle: A\nBody\n", "", 0, "", 0, `1:1: front matter is not closed: add a line "---"`},
		{"none", "Body only\n", "", 0, "", 0, "1:1: no front matter"},
		{"bad yaml", "---\ntitle: [A\n---\n", "", 0, "", 0, "2:"},
		{"bad json", "{\"title\": }\n", "", 0, "", 0, "1:"},
	} {
		fm, body, bodyLine, err := SplitFrontMatter([]byte(tt.file))
		if tt.err != "" {
			var se *SyntaxError
			if !errors.As(err, &se) || !strings.Contains(fmt.Sprintf("%d:%d: %s", se.Line, se.Col, se.Msg), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		m, _ := fm.V.(*Map)
		v := m.Fields[tt.key]
		if v == nil || v.Line != tt.keyLine || string(body) != tt.body || bodyLine != tt.bodyLine {
			t.Errorf("%s: %s at %v, body %q at %d; want line %d, %q at %d", tt.name, tt.key, v, body, bodyLine, tt.keyLine, tt.body, tt.bodyLine)
		}
	}
}
