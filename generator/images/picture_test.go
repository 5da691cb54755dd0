package images

import (
	"strings"
	"testing"
)

func TestPicture(t *testing.T) {
	var none *Photo
	if none.Picture("x", nil) != nil || (&Photo{}).Picture("x", nil) != nil {
		t.Error("a picture of no photo")
	}
	ph := &Photo{Type: "image/jpeg",
		WebP:     []Published{{"a/p-480.webp", 480, 320}, {"a/p-960.webp", 960, 640}},
		Fallback: []Published{{"a/p-480.jpg", 480, 320}, {"a/p-960.jpg", 960, 640}}}
	p := ph.Picture(`"><script>`, func(s string) string { return "/sub/" + s })
	if p.Srcset != "/sub/a/p-480.jpg 480w, /sub/a/p-960.jpg 960w" || p.WebPSrcset != "/sub/a/p-480.webp 480w, /sub/a/p-960.webp 960w" ||
		p.Src != "/sub/a/p-960.jpg" || p.Width != 960 || p.Height != 640 {
		t.Errorf("picture %+v", p)
	}
	h := p.HTML()
	if strings.Contains(h, "<script>") || !strings.Contains(h, `alt="&#34;&gt;&lt;script&gt;"`) || !strings.Contains(h, `loading="lazy"`) {
		t.Errorf("html %s", h)
	}
}
