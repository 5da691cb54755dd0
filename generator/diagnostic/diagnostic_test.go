package diagnostic

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{Path: "content/a.md", Line: 3, Col: 5, Msg: "bad", Hint: "fix it"}, "content/a.md:3:5: bad (fix it)"},
		{Error{Path: "content/a.md", Line: 3, Msg: "bad"}, "content/a.md:3: bad"},
		{Error{Path: "content", Msg: "missing"}, "content: missing"},
		{Error{Path: "x", Col: 4, Msg: "no line, so no column"}, "x: no line, so no column"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestListSortsAndDeduplicates(t *testing.T) {
	var l List
	var wg sync.WaitGroup
	for i := 9; i >= 0; i-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.Addf("b.md", i, 1, "", "problem %d", i)
			l.Addf("a.md", 2, 0, "", "same")
		}()
	}
	wg.Wait()
	errs := l.Errors()
	if len(errs) != 11 {
		t.Fatalf("%d errors, want 11 (duplicates removed)", len(errs))
	}
	if errs[0].Path != "a.md" || errs[1].Line != 0 || errs[10].Line != 9 {
		t.Fatalf("not sorted: %v", l.Error())
	}
	if l.Err() == nil {
		t.Fatal("Err() is nil for a non-empty list")
	}
	var empty List
	if empty.Err() != nil {
		t.Fatal("Err() of an empty list is not nil")
	}
}

func TestMerge(t *testing.T) {
	var inner List
	inner.Addf("a.md", 1, 1, "", "inner")
	var l List
	l.Merge("x", fmt.Errorf("wrapped: %w", &inner))
	l.Merge("y", &Error{Path: "b.md", Msg: "one"})
	l.Merge("z", errors.New("plain"))
	l.Merge("w", nil)
	if got, want := l.Error(), "a.md:1:1: inner\nb.md: one\nz: plain"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestSuggest(t *testing.T) {
	candidates := []string{"services", "summary", "slug", "city", "certifications", "lat", "lng", "build"}
	tests := map[string]string{
		"servics":        `did you mean "services"?`,
		"Services":       `did you mean "services"?`,
		"sumary":         `did you mean "summary"?`,
		"biuld":          `did you mean "build"?`,
		"certification":  `did you mean "certifications"?`,
		"xyz":            "",
		"lon":            "", // as close to lat as to lng: no useful hint
		"completelyoff":  "",
		"city":           "", // exact matches are not typos
		"certificattons": `did you mean "certifications"?`,
	}
	for got, want := range tests {
		if s := Suggest(got, candidates); s != want {
			t.Errorf("Suggest(%q) = %q, want %q", got, s, want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 errors", 1: "1 error", 2: "2 errors"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSuggestID(t *testing.T) {
	ids := []string{"lahore", "karachi"}
	if got := SuggestID("lahor", ids, "content/data/cities.yaml"); got != `did you mean "lahore"?` {
		t.Errorf("near: %q", got)
	}
	if got := SuggestID("zzz", ids, "content/data/cities.yaml"); got != "use an id from content/data/cities.yaml" {
		t.Errorf("far: %q", got)
	}
	if got := SuggestOr("karachy", ids, "use one of lahore, karachi"); got != `did you mean "karachi"?` {
		t.Errorf("near, with a fallback: %q", got)
	}
	if got := SuggestOr("", nil, "use one of nothing"); got != "use one of nothing" {
		t.Errorf("no candidates: %q", got)
	}
}
