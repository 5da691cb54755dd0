package search

import (
	"slices"
	"strings"
	"testing"
)

// wholeTextTerms is eachTerm as it was first written: normalize the whole text, split it
// into words, segment each. eachTerm must find the same terms piece by piece.
func wholeTextTerms(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(Normalize(s), isSeparator) {
		eachSegment(w, func(t []byte) { out = append(out, string(t)) })
	}
	return out
}

func FuzzTermsPieceByPiece(f *testing.F) {
	for _, s := range []string{
		"Cloud Services · “quoted” text’s end.",
		"Café CRÈME naïve",
		"Ｆｕｌｌｗｉｄｔｈ ﬁnance ½ ①②",
		"a\u0301b c \u0301d e\u0308\u0323f", // marks after letters, after a space
		"ISO27001认证的软件 ソフトウェア開発",
		"شركة البرمجيات، وبالبرمجيات",
		"x" + strings.Repeat("\u0301", 40) + "y", // past the stream-safe limit of marks
		"İstanbul ǅemal ﬀ Å",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Terms(s), wholeTextTerms(s); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, whole text gives %q", s, got, want)
		}
	})
}
