package markdown

import (
	"bytes"
	"strings"
	"testing"
)

func fill(unit string, size int) string { return strings.Repeat(unit, size/len(unit)) }

func TestCheckLimits(t *testing.T) {
	near := MaxBodyBytes - 100
	tests := []struct {
		name, src string
		want      string // "line N: message" of the error, "" when accepted
	}{
		{"ordinary", "# Title\n\nText with *emphasis*, `code` and [a link](/x/).\n\n> A quote\n> - with a list\n", ""},
		{"too big", fill("word ", MaxBodyBytes+10), "line 1: the body is 256 KB; the limit is 256 KB"},
		{"60,000 nested quotes", "Intro.\n\n" + strings.Repeat(">", 60000), "line 3: quotes and lists are nested 60000 deep; the limit is 32"},
		{"quote and list on one line", strings.Repeat("- > ", 40), "line 1: quotes and lists are nested 80 deep"},
		{"list nested by indentation", func() string {
			var b strings.Builder
			for i := 0; i < 40; i++ {
				b.WriteString(strings.Repeat("  ", i) + "- item\n")
			}
			return b.String()
		}(), "line 33: quotes and lists are nested 33 deep"},
		{"32 deep is fine", strings.Repeat(">", 32) + " x\n", ""},
		{"wide row", "|" + strings.Repeat("a|", 120) + "\n", "line 1: a table row has 121 cells; the limit is 100"},
		{"short rows under a wide header", "text\n\n|" + strings.Repeat("a|", 99) + "\n|" + strings.Repeat("-|", 99) + "\n" + fill("|x\n", 3*600),
			"line 3: the table has more than 50000 cells"},
		{"marks", "a\n\n" + fill("*a_", 3*2600), "line 3: the paragraph has more than 5000 emphasis, code and link marks"},
		{"marks in paragraphs", fill(fill("*a_", 3*2400)+"\n\n", near), ""},
		{"marks in code are free", "```\n" + fill("__init__()\n", near-10) + "```\n", ""},
		{"near the size limit", fill("Plain words in a long article. ", near), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := CheckLimits([]byte(tt.src))
			switch {
			case tt.want == "" && e != nil:
				t.Errorf("refused: %v", e)
			case tt.want != "" && (e == nil || !strings.HasPrefix(e.Error(), tt.want)):
				t.Errorf("got %v, want %q", e, tt.want)
			case e != nil && e.Hint == "":
				t.Errorf("%v has no hint", e)
			}
		})
	}
}

// The thousandth heading of the same name gets its id at once.
func TestManySameHeadings(t *testing.T) {
	var b bytes.Buffer
	if err := New().Convert([]byte(fill("## Overview\n", 12*3000)), &b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `id="overview-2999"`) {
		t.Error("no overview-2999")
	}
}

// BenchmarkWorstAccepted converts the slowest bodies CheckLimits accepts, found by trying
// goldmark's quadratic cases at the limits (go test -bench WorstAccepted ./generator/markdown).
func BenchmarkWorstAccepted(b *testing.B) {
	near := MaxBodyBytes - 100
	for _, bc := range []struct{ name, src string }{
		{"links-5000-marks-a-paragraph", fill(fill("[a](", 4*2490)+"\n\n", near)},
		{"emphasis-5000-marks-a-paragraph", fill(fill("*a_", 3*2490)+"\n\n", near)},
		{"setext-headings", fill("a\n=\n", near)},
		{"quotes-31-deep", fill(strings.Repeat(">", 31)+" x\n", near)},
		{"table-50000-cells", "|" + strings.Repeat("a|", 99) + "\n|" + strings.Repeat("-|", 99) + "\n" + fill("|x\n", 3*500)},
	} {
		if e := CheckLimits([]byte(bc.src)); e != nil {
			b.Fatalf("%s: refused: %v", bc.name, e)
		}
		c := New()
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				var out bytes.Buffer
				c.Convert([]byte(bc.src), &out)
			}
		})
	}
}
