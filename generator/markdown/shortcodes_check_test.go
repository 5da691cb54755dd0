package markdown

import (
	"strings"
	"testing"

	"github.com/pseb/sitegen/generator/shortcode"
)

func TestShortcodesErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "line:col: message (hint)" fragments, in order
	}{
		{"not closed", `{{< chart data="x"`, []string{`1:1: shortcode is not closed (end the line with ">}}"`}},
		{"no name", `{{< >}}`, []string{`1:5: shortcode has no name`}},
		{"value not closed", `{{< video title="a >}}`, []string{`1:17: value of "title" is not closed`}},
		{"no value", `{{< video title >}}`, []string{`1:11: argument "title" has no value (write title="value")`}},
		{"empty unquoted value", `{{< video title= >}}`, []string{`argument "title" has no value (quote the value`}},
		{"junk", `{{< chart "x" >}}`, []string{`1:11: unexpected "\""`}},
		{"no space", `{{< chart data="a"type="bar" >}}`, []string{`unexpected "t" after data (separate arguments with a space)`}},
		{"twice", `{{< chart data="a" data="b" >}}`, []string{`1:20: argument "data" is given twice`}},
		{"closing with args", `{{< /callout type="tip" >}}`, []string{`a closing shortcode takes no arguments`}},
		{"unknown", `{{< chrat data="a" >}}`, []string{`1:1: unknown shortcode "chrat" (did you mean "chart"?)`}},
		{"unknown far", `{{< gallery >}}`, []string{`unknown shortcode "gallery" (known shortcodes: callout, chart, companies, contact, park-map, underserved-cities, video)`}},
		{"unknown arg", `{{< chart data="a" tilte="T" >}}`, []string{`1:20: chart has no argument "tilte" (did you mean "title"?)`}},
		{"empty value", `{{< chart data="" >}}`, []string{`argument "data" is empty`}},
		{"bad enum", `{{< chart data="a" type="pie" >}}`, []string{`type="pie" is not allowed (use one of bar, line)`}},
		{"bad enum near", `{{< callout type="warn" >}}
x
{{< /callout >}}`, []string{`type="warn" is not allowed (use one of note, tip, warning)`}},
		{"bad pattern", `{{< companies service="Cloud Services" >}}`, []string{`service="Cloud Services" is not valid (an id from content/data/services.yaml)`}},
		{"bad youtube", `{{< video youtube="https://youtu.be/abc" title="T" >}}`, []string{`youtube="https://youtu.be/abc" is not valid (the 11-character id`}},
		{"bad email", `{{< contact label="Mail" email="parks at example" >}}`, []string{`email="parks at example" is not valid`}},
		{"limit range", `{{< companies city="lahore" limit="100" >}}`, []string{`limit="100" is out of range (use a whole number from 1 to 48)`}},
		{"limit word", `{{< companies city="lahore" limit=six >}}`, []string{`limit="six" is out of range`}},
		{"missing required", `{{< contact >}}`, []string{`1:1: contact needs the argument "label" (add label="...")`}},
		{"one of none", `{{< chart >}}`, []string{`chart needs one of data, of (give exactly one of them)`}},
		{"one of both", `{{< video youtube="dQw4w9WgXcQ" vimeo="123456789" title="T" >}}`, []string{`video needs one of youtube, vimeo`}},
		{"any of none", `{{< companies limit="3" >}}`, []string{`companies needs at least one of service, city, park, certification`}},
		{"callout not closed", "{{< callout >}}\ntext\n", []string{`1:1: callout is not closed (add a line {{< /callout >}} after its text)`}},
		{"closes nothing", "text\n{{< /callout >}}\n", []string{`2:1: {{< /callout >}} closes nothing`}},
		{"closes the wrong one", "{{< callout >}}\n{{< /chart >}}\n", []string{`1:1: callout is not closed`, `2:1: {{< /chart >}} closes callout, opened on line 1 (write {{< /callout >}})`}},
		// Every place the parser runs a shortcode is checked, at the file's column.
		{"in a quote", "> {{< callout type=\"x\\\"><script>\" >}}\n> text\n> {{< /callout >}}\n", []string{`1:15: type="x\"><script>" is not allowed`}},
		{"in a list item", "- {{< companies service=\"nope x\" >}}\n", []string{`1:17: service="nope x" is not valid`}},
		{"after a line that is not a fence", "```a`b\n{{< chrat >}}\n", []string{`2:1: unknown shortcode "chrat"`}},
		{"nested quote", "> > {{< video >}}\n", []string{`1:5: video needs the argument "title"`, `1:5: video needs one of youtube, vimeo`}},
		{"bad syntax in a list", "1. {{< chart data=\"x\"\n", []string{`1:4: shortcode is not closed`}},
		{"nested", "{{< callout >}}\n{{< callout >}}\n{{< /callout >}}\n{{< /callout >}}\n", []string{`2:1: callout inside the callout opened on line 1`, `4:1: {{< /callout >}} closes nothing`}},
		{"several at once", "{{< chrat >}}\nok\n{{< video >}}\n", []string{`1:1: unknown shortcode "chrat"`, `3:1: video needs the argument "title"`, `3:1: video needs one of youtube, vimeo`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Shortcodes([]byte(tt.src))
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d errors %v, want %d", len(errs), errs, len(tt.want))
			}
			for i, e := range errs {
				got := e.Error()
				if e.Hint != "" {
					got += " (" + e.Hint + ")"
				}
				if !strings.Contains(got, tt.want[i]) {
					t.Errorf("error %d = %q, want it to contain %q", i, got, tt.want[i])
				}
			}
		})
	}
}

func TestShortcodesValid(t *testing.T) {
	src := "# Title\n\n{{< chart data=\"it-exports\" type=\"line\" >}}\n\n```md\n{{< not a shortcode\n```\n\n    {{< indented code >}}\n\n" +
		"{{< callout type=\"warning\" title=\"Deadline\" >}}\nApply by **June**.\n{{< /callout >}}\n\n" +
		"{{< video youtube=\"dQw4w9WgXcQ\" title=\"Tour\" >}}\n{{< video vimeo=\"76979871\" title=\"Tour\" >}}\n" +
		"{{< companies service=\"cloud\" city=\"lahore\" limit=\"6\" >}}\n{{< contact label=\"Write to us\" email=\"parks@example.org\" >}}\n{{< park-map park=\"bannu-software-technology-park\" >}}\n"
	calls, errs := Shortcodes([]byte(src))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	var names []string
	for _, c := range calls {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "chart callout video video companies contact park-map" {
		t.Errorf("calls = %s", got)
	}
	if calls[1].Line != 11 {
		t.Errorf("callout line = %d", calls[1].Line)
	}
}

func FuzzShortcodes(f *testing.F) {
	f.Add("{{< chart data=\"a\" >}}")
	f.Add("{{< callout >}}\n{{< /callout >}}")
	f.Add("{{< video title=\"\\\"\" youtube=x >}}")
	f.Fuzz(func(t *testing.T, src string) {
		calls, errs := Shortcodes([]byte(src))
		for _, e := range errs {
			if e.Line < 1 || e.Col < 1 || e.Msg == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
		for _, c := range calls {
			if shortcode.Specs[c.Name] == nil {
				t.Fatalf("unknown call %q returned without error", c.Name)
			}
		}
	})
}
