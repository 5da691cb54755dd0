// Package svgcheck owns which SVG files an editor may publish. An SVG is a document, not
// a picture: opened from the site's origin it can run script, load other documents and
// embed HTML. Check accepts only static drawings: elements and attributes of an allow-list,
// references inside the file, raster images as data: URLs, and no DOCTYPE entities.
package svgcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// Problem is a reason an SVG may not be published, at a line and column of the file.
type Problem struct {
	Line, Col int
	Msg, Hint string
}

func (p Problem) Error() string { return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg) }

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
)

// metadataNS are the namespaces drawing programs write their own notes in (Inkscape,
// Sodipodi, RDF licence blocks); browsers draw nothing of them and run nothing in them.
var metadataNS = []string{
	"http://www.inkscape.org/namespaces/inkscape",
	"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
	"http://creativecommons.org/ns#",
	"http://purl.org/dc/elements/1.1/",
	"http://purl.org/dc/terms/",
	"http://ns.adobe.com/AdobeIllustrator/10.0/",
	"http://ns.adobe.com/Graphs/1.0/",
	"http://ns.adobe.com/SaveForWeb/1.0/",
	"http://ns.adobe.com/Extensibility/1.0/",
	"http://ns.adobe.com/Flows/1.0/",
	"http://ns.adobe.com/ImageReplacement/1.0/",
	"http://ns.adobe.com/GenericCustomNamespace/1.0/",
	"http://ns.adobe.com/XPath/1.0/",
	"http://www.serif.com/",
	"http://www.bohemiancoding.com/sketch/ns",
}

// elements are the SVG elements of a static drawing. Left out on purpose: script,
// foreignObject (HTML inside), a (links, javascript: among them), the animation elements
// (they can set an href), iframe, video, audio, and the event elements.
var elements = []string{
	"svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "switch",
	"path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
	"text", "tspan", "textPath", "image", "style",
	"linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker",
	"filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
	"feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
	"feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode",
	"feMorphology", "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
}

var (
	// cssURL finds url(...) and @import in a style element or attribute.
	cssURL    = regexp.MustCompile(`(?i)url\(\s*['"]?\s*([^'")\s]*)`)
	cssImport = regexp.MustCompile(`(?i)@import|expression\s*\(|-moz-binding|behavior\s*:`)
	// rasterData is the one data: URL an <image> may have: a PNG, JPEG, GIF or WebP.
	rasterData = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,`)
)

// maxBytes bounds what Check reads; a logo or drawing this large is a mistake.
const maxBytes = 5 << 20

// Check reads an SVG file and returns every reason it may not be published; none means
// it is a static drawing.
func Check(r io.Reader) []Problem {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return []Problem{{Line: 1, Col: 1, Msg: err.Error()}}
	}
	if len(data) > maxBytes {
		return []Problem{{Line: 1, Col: 1, Msg: "SVG is larger than 5 MB", Hint: "simplify the drawing, or publish it as a PNG or WebP"}}
	}
	var probs []Problem
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	pos := func() (int, int) { return d.InputPos() }
	add := func(line, col int, hint, format string, args ...any) {
		if len(probs) < 20 {
			probs = append(probs, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Hint: hint})
		}
	}
	depth, root := 0, false
	var inStyle bool
	for {
		line, col := pos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
			}
			add(line, 1, "save it again from the drawing program as plain SVG", "not well-formed XML: %v", strings.TrimPrefix(err.Error(), "XML syntax error on line "+fmt.Sprint(line)+": "))
			break
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.Contains(bytes.ToUpper(t), []byte("ENTITY")) {
				add(line, col, "remove the DOCTYPE's entity declarations", "DOCTYPE declares entities")
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				add(line, col, "remove it", "processing instruction <?%s?> is not allowed", t.Target)
			}
		case xml.StartElement:
			depth++
			if depth > 256 {
				add(line, col, "simplify the drawing", "elements nested more than 256 deep")
				return probs
			}
			if depth == 1 {
				root = t.Name.Local == "svg" && t.Name.Space == nsSVG
				if !root {
					add(line, col, `the file must start with <svg xmlns="http://www.w3.org/2000/svg">`, "root element is <%s>, not an SVG <svg>", t.Name.Local)
				}
			}
			inStyle = false
			switch {
			case depth == 1 && !root:
			case t.Name.Space == nsSVG && slices.Contains(elements, t.Name.Local):
				inStyle = t.Name.Local == "style"
			case slices.Contains(metadataNS, t.Name.Space):
				// a drawing program's notes: ignored by browsers, checked like the rest
			default:
				add(line, col, "export the SVG without scripts, links, animation or embedded HTML (e.g. \"Plain SVG\" or \"Optimized SVG\"), or use a PNG",
					"<%s> is not allowed in a published SVG", name(t.Name))
			}
			for _, a := range t.Attr {
				checkAttr(t.Name.Local, a, func(hint, format string, args ...any) { add(line, col, hint, format, args...) })
			}
		case xml.EndElement:
			depth--
			inStyle = false
		case xml.CharData:
			if inStyle {
				checkCSS(string(t), func(hint, format string, args ...any) { add(line, col, hint, format, args...) })
			}
		}
	}
	if !root && len(probs) == 0 {
		add(1, 1, `the file must hold an <svg xmlns="http://www.w3.org/2000/svg"> drawing`, "no SVG drawing in the file")
	}
	return probs
}

func name(n xml.Name) string {
	if n.Space == "" || n.Space == nsSVG {
		return n.Local
	}
	return n.Space + " " + n.Local
}

func checkAttr(elem string, a xml.Attr, add func(hint, format string, args ...any)) {
	key := strings.ToLower(a.Name.Local)
	val := strings.TrimSpace(a.Value)
	switch {
	case a.Name.Space == "xmlns" || (a.Name.Space == "" && key == "xmlns"):
		return // namespace declarations
	case strings.HasPrefix(key, "on"):
		add("remove the event handler: a published drawing runs no script", "event handler attribute %s", a.Name.Local)
		return
	case key == "href" && (a.Name.Space == "" || a.Name.Space == nsXLink):
		switch {
		case strings.HasPrefix(val, "#"):
		case elem == "image" && rasterData.MatchString(val):
		default:
			add("refer only to parts of the same file (#id); embed pictures as data:image/png;base64", "%s refers outside the file: %q", a.Name.Local, short(val))
		}
		return
	case a.Name.Space != "" && a.Name.Space != nsXML && a.Name.Space != nsXLink && !slices.Contains(metadataNS, a.Name.Space):
		add("remove it", "attribute %s of namespace %s is not allowed", a.Name.Local, a.Name.Space)
		return
	}
	low := strings.ToLower(val)
	if strings.Contains(low, "javascript:") || strings.Contains(low, "vbscript:") {
		add("remove the script address", "attribute %s holds a script address", a.Name.Local)
		return
	}
	checkCSS(val, add)
}

// checkCSS refuses what in a stylesheet or a presentation attribute loads from elsewhere.
func checkCSS(css string, add func(hint, format string, args ...any)) {
	if cssImport.MatchString(css) {
		add("remove it: a published drawing loads nothing from elsewhere", "stylesheet imports or runs code: %q", short(cssImport.FindString(css)))
	}
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		if !strings.HasPrefix(m[1], "#") && !rasterData.MatchString(m[1]) {
			add("refer only to parts of the same file: url(#id)", "url(%s) refers outside the file", short(m[1]))
		}
	}
}

func short(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}
