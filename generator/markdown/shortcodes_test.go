package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/util"

	"github.com/pseb/sitegen/generator/shortcode"
)

func TestShortcodeBlocks(t *testing.T) {
	write := func(w util.BufWriter, c shortcode.Call, entering bool) error {
		if !entering {
			fmt.Fprintf(w, "</%s>\n", c.Name)
			return nil
		}
		fmt.Fprintf(w, "<%s line=%d args=%v>\n", c.Name, c.Line, c.Args)
		return nil
	}
	c := New(WithShortcodes(write))
	tests := []struct{ name, src, want string }{
		{"leaf", "Intro.\n\n{{< chart data=\"it-exports\" >}}\n\nAfter.\n",
			"<p>Intro.</p>\n<chart line=3 args=map[data:it-exports]>\n<p>After.</p>\n"},
		{"interrupts a paragraph", "Intro.\n{{< park-map >}}\n",
			"<p>Intro.</p>\n<park-map line=2 args=map[]>\n"},
		{"wraps Markdown", "{{< callout type=\"tip\" >}}\n**Bold** text.\n\n- a\n- b\n{{< /callout >}}\nAfter.\n",
			"<callout line=1 args=map[type:tip]>\n<p><strong>Bold</strong> text.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</callout>\n<p>After.</p>\n"},
		{"in code stays code", "```\n{{< chart data=\"x\" >}}\n```\n",
			"<pre><code>{{&lt; chart data=&quot;x&quot; &gt;}}\n</code></pre>\n"},
		{"inline stays text", "See {{< chart >}} here.\n", "<p>See {{&lt; chart &gt;}} here.</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := c.Convert([]byte(tt.src), &b); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
		})
	}
}

func TestShortcodeWriterErrorNamesLine(t *testing.T) {
	c := New(WithShortcodes(func(util.BufWriter, shortcode.Call, bool) error { return fmt.Errorf("no such dataset") }))
	var b strings.Builder
	err := c.Convert([]byte("a\n\n{{< chart data=\"x\" >}}\n"), &b)
	if err == nil || !strings.Contains(err.Error(), "line 3: chart: no such dataset") {
		t.Fatalf("err = %v", err)
	}
}

func TestPlainTextLeavesShortcodesOut(t *testing.T) {
	got := PlainText([]byte("Intro.\n\n{{< chart data=\"x\" >}}\n\n{{< callout >}}\nInside the box.\n{{< /callout >}}\n"))
	if got != "Intro. Inside the box." {
		t.Errorf("got %q", got)
	}
}

func TestEmptyCalloutIsClosed(t *testing.T) {
	c := New(WithShortcodes(func(w util.BufWriter, sc shortcode.Call, entering bool) error {
		if entering {
			_, err := w.WriteString("<aside>")
			return err
		}
		_, err := w.WriteString("</aside>")
		return err
	}))
	var b strings.Builder
	if err := c.Convert([]byte("{{< callout >}}\n{{< /callout >}}\n"), &b); err != nil {
		t.Fatal(err)
	}
	if b.String() != "<aside></aside>" {
		t.Errorf("got %q", b.String())
	}
}
