package markdown

import (
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Pictures gives the HTML that replaces an image of a body, by its destination and alt
// text: a <picture> of the processed photo. "" keeps the image as Markdown wrote it.
type Pictures func(dest, alt string) string

// ConvertOption configures one conversion.
type ConvertOption func(parser.Context)

var picturesKey = parser.NewContextKey()

// WithPictures replaces the body's images that p knows (the bundle's photos, resized and
// re-encoded by the build) with the HTML it gives.
func WithPictures(p Pictures) ConvertOption {
	return func(pc parser.Context) { pc.Set(picturesKey, p) }
}

// pictureNode is an image replaced by trusted HTML made by the caller's Pictures.
type pictureNode struct {
	ast.BaseInline
	html string
}

var kindPicture = ast.NewNodeKind("Picture")

func (n *pictureNode) Kind() ast.NodeKind { return kindPicture }

func (n *pictureNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// pictures swaps images for pictureNodes when the conversion has a Pictures.
type pictures struct{}

func (pictures) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p, _ := pc.Get(picturesKey).(Pictures)
	if p == nil {
		return
	}
	src := reader.Source()
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			images = append(images, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		if html := p(string(img.Destination), altText(img, src)); html != "" {
			img.Parent().ReplaceChild(img.Parent(), img, &pictureNode{html: html})
		}
	}
}

// altText is the plain text of an image's description.
func altText(img *ast.Image, src []byte) string {
	var b []byte
	_ = ast.Walk(img, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b = append(b, t.Segment.Value(src)...)
			if t.SoftLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String: // the typographer's quotes and dashes, as entities
			b = append(b, html.UnescapeString(string(t.Value))...)
		}
		return ast.WalkContinue, nil
	})
	return string(b)
}

type pictureRenderer struct{}

func (pictureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindPicture, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*pictureNode).html)
		}
		return ast.WalkSkipChildren, nil
	})
}
