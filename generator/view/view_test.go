package view

import (
	"fmt"
	"testing"

	"github.com/pseb/sitegen/generator/shortcode"
)

func TestNewPager(t *testing.T) {
	url := func(n int) string { return fmt.Sprintf("/p/%d/", n) }
	for _, tt := range []struct {
		n, total   int
		pages      []int // 0 is a gap
		prev, next string
	}{
		{1, 1, []int{1}, "", ""},
		{1, 3, []int{1, 2, 3}, "", "/p/2/"},
		{3, 3, []int{1, 2, 3}, "/p/2/", ""},
		{10, 20, []int{1, 0, 8, 9, 10, 11, 12, 0, 20}, "/p/9/", "/p/11/"},
		{4, 20, []int{1, 2, 3, 4, 5, 6, 0, 20}, "/p/3/", "/p/5/"},
	} {
		p := NewPager(tt.n, tt.total, url)
		var got []int
		for _, l := range p.Pages {
			got = append(got, l.Number)
			if l.Current != (l.Number == tt.n) || (l.Number != 0 && l.URL != url(l.Number)) || (l.Number == 0 && l.URL != "") {
				t.Errorf("page %d of %d: link %+v", tt.n, tt.total, l)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.pages) || p.Prev != tt.prev || p.Next != tt.next || p.Number != tt.n || p.Total != tt.total {
			t.Errorf("page %d of %d: pages %v prev %q next %q; want %v %q %q", tt.n, tt.total, got, p.Prev, p.Next, tt.pages, tt.prev, tt.next)
		}
	}
}

// Directory() is nil off the listings, so a layout may ask any page for it.
func TestDirectoryOfAnyPage(t *testing.T) {
	d := &Directory{Index: "/search/manifest.json"}
	for _, tt := range []struct {
		page *Page
		want *Directory
	}{
		{&Page{Kind: "home", Home: &Home{}}, nil},
		{&Page{Kind: "newslist", Listing: &Listing{}}, nil},
		{&Page{Kind: "list", Listing: &Listing{Directory: d}}, d},
	} {
		if got := tt.page.Directory(); got != tt.want {
			t.Errorf("%s: Directory() = %v", tt.page.Kind, got)
		}
	}
}

func TestVideoOf(t *testing.T) {
	yt := VideoOf(shortcode.Call{Name: "video", Args: map[string]string{"youtube": "abc", "title": "T"}})
	if yt.Provider != "YouTube" || yt.Embed != "https://www.youtube-nocookie.com/embed/abc?autoplay=1" || yt.Watch != "https://www.youtube.com/watch?v=abc" {
		t.Errorf("youtube %+v", yt)
	}
	vm := VideoOf(shortcode.Call{Name: "video", Args: map[string]string{"vimeo": "42"}})
	if vm.Provider != "Vimeo" || vm.Embed != "https://player.vimeo.com/video/42?autoplay=1&dnt=1" {
		t.Errorf("vimeo %+v", vm)
	}
}
