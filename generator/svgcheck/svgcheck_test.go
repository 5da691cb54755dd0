package svgcheck

import (
	"strings"
	"testing"
)

const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">`

func TestCheck(t *testing.T) {
	tests := []struct {
		name, svg string
		want      string // a fragment of the first problem, "" for none
	}{
		{"plain", open + `<title>Logo</title><rect width="10" height="10" fill="#123"/><circle cx="5" cy="5" r="2" fill="url(#g)"/></svg>`, ""},
		{"gradient and use", open + `<defs><linearGradient id="g"><stop offset="0"/></linearGradient><path id="p" d="M0 0h1"/></defs><use href="#p"/><use xlink:href="#p"/></svg>`, ""},
		{"inkscape", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" inkscape:version="1.2"><sodipodi:namedview id="n"/><g inkscape:label="Layer 1"><path d="M0 0"/></g></svg>`, ""},
		{"style element", open + `<style>.a{fill:red}</style><rect class="a"/></svg>`, ""},
		{"raster image", open + `<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>`, ""},
		{"script", open + `<script>alert(1)</script></svg>`, "1:104: <script> is not allowed"},
		{"script by href", open + "\n" + `<script href="/companies/x/evil.js"/></svg>`, "2:1: <script> is not allowed"},
		{"onload", open + `<rect onload="alert(1)"/></svg>`, "event handler attribute onload"},
		{"root onload", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`, "event handler attribute onload"},
		{"foreignObject", open + `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`, "<foreignObject> is not allowed"},
		{"xhtml script", open + `<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script></svg>`, "http://www.w3.org/1999/xhtml script> is not allowed"},
		{"link", open + `<a href="javascript:alert(1)"><rect/></a></svg>`, "<a> is not allowed"},
		{"animate href", open + `<animate attributeName="href" to="javascript:alert(1)"/></svg>`, "<animate> is not allowed"},
		{"set", open + `<set attributeName="onmouseover" to="alert(1)"/></svg>`, "<set> is not allowed"},
		{"external use", open + `<use href="https://evil.example/x.svg#a"/></svg>`, `href refers outside the file: "https://evil.example/x.svg#a"`},
		{"external image", open + `<image xlink:href="http://evil.example/track.png"/></svg>`, `href refers outside the file`},
		{"svg data image", open + `<image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`, `href refers outside the file`},
		{"css import", open + `<style>@import url(https://evil.example/x.css);</style></svg>`, "stylesheet imports"},
		{"css url", open + `<rect style="fill:url(https://evil.example/x#a)"/></svg>`, "url(https://evil.example/x#a) refers outside the file"},
		{"fill url", open + `<rect fill="url('http://e.example/#a')"/></svg>`, "refers outside the file"},
		{"javascript in attr", open + `<rect class="javascript:x"/></svg>`, "holds a script address"},
		{"entities", `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>`, "DOCTYPE declares entities"},
		{"stylesheet pi", `<?xml-stylesheet href="https://e.example/x.css"?>` + open + `</svg>`, "processing instruction"},
		{"html", `<html><body onload="x"></body></html>`, "root element is <html>"},
		{"no namespace", `<svg><rect/></svg>`, "root element is <svg>, not an SVG"},
		{"broken", open + `<rect>`, "not well-formed XML"},
		{"empty", ``, "no SVG drawing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probs := Check(strings.NewReader(tt.svg))
			switch {
			case tt.want == "" && len(probs) > 0:
				t.Errorf("refused: %v", probs)
			case tt.want != "" && len(probs) == 0:
				t.Errorf("accepted, want %q", tt.want)
			case tt.want != "" && !strings.Contains(probs[0].Error(), tt.want):
				t.Errorf("got %v, want %q", probs, tt.want)
			}
			for _, p := range probs {
				if p.Line < 1 || p.Col < 1 || p.Msg == "" {
					t.Errorf("bad problem %+v", p)
				}
			}
		})
	}
}

// FuzzCheck: Check never panics, and what it accepts has no script element, handler or
// reference outside the file.
func FuzzCheck(f *testing.F) {
	f.Add(open + `<rect/></svg>`)
	f.Add(open + `<script>x</script></svg>`)
	f.Add(open + `<use href="#a"/></svg>`)
	f.Fuzz(func(t *testing.T, svg string) {
		probs := Check(strings.NewReader(svg))
		if len(probs) > 0 {
			return
		}
		low := strings.ToLower(svg)
		for _, bad := range []string{"<script", "<foreignobject", ":script"} {
			if strings.Contains(low, bad) && !strings.Contains(low, "<![cdata[") && !strings.Contains(low, "<!--") {
				t.Fatalf("accepted %q with %s", svg, bad)
			}
		}
	})
}
