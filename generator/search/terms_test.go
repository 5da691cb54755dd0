package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
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

// Normalize's shortcut for text already decomposed and without marks gives what the
// transformer chain gives.
func FuzzNormalizeShortcut(f *testing.F) {
	for _, s := range []string{"软件公司", "شركة البرمجيات", "Café", "ﬁ", "a\u0301", "İstanbul", "\xff", "Ａ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := strings.ToValidUTF8(s, "\uFFFD")
		want, _, err := transform.String(transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.M))), v)
		if err != nil {
			want = v
		}
		if got := Normalize(s); got != foldArabicScript(strings.ToLower(want)) {
			t.Errorf("Normalize(%q) = %q, the chain gives %q", s, got, foldArabicScript(strings.ToLower(want)))
		}
	})
}
