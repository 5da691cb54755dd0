package analysis

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// wholeTextTerms is EachTerm as it was first written: normalize the whole text, split it
// into words, segment each. EachTerm must find the same terms piece by piece.
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

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Cloud Services", []string{"cloud", "services"}},
		{"Café CRÈME naïve", []string{"cafe", "creme", "naive"}},
		{"ISO/IEC 27001-certified", []string{"iso", "iec", "27001", "certified"}},
		{"the team of a C++ shop", []string{"team", "shop"}},                     // stop words, 1-letter words
		{"Ｆｕｌｌｗｉｄｔｈ ﬁnance", []string{"fullwidth", "finance"}},                   // compatibility forms
		{"Multān, Kārachi; İstanbul", []string{"multan", "karachi", "istanbul"}}, // marks removed before lower case
		{"", nil},
		{"<script>alert(1)</script>", []string{"script", "alert", "script"}},
		{"软件公司", []string{"软件", "件公", "公司"}}, // CJK: character pairs
		{"云", nil}, // a lone character is too short
		{"ISO27001认证的软件", []string{"iso27001", "认证", "证的", "的软", "软件"}}, // mixed runs split
		{"ソフトウェア開発", []string{"ソフ", "フト", "トウ", "ウェ", "ェア", "ア開", "開発"}},
		// Arabic has spaces; each word is indexed bare and stemmed too (ArabicForms), in
		// folded letters (ة ك ي as ہ ک ی, the letters Urdu writes).
		{"شركة البرمجيات", []string{"شرکہ", "شرک", "البرمجیات", "برمجیات", "برمج"}},
		{"وشركات", []string{"وشرکات", "وشرک", "شرکات", "شرک"}},
		{"في مصر", []string{"فی", "مصر"}}, // short words stay whole
		// Urdu: its plural and oblique endings, its stop words, its digits.
		{"کمپنیوں کی خدمات", []string{"کمپنیوں", "کمپن", "خدمات", "خدم"}},
		{"سافٹ ویئر کمپنیاں ۲۰۲۶ میں", []string{"سافٹ", "وییر", "کمپنیاں", "کمپن", "2026"}}, // ئ is ی with a hamza mark
		{"ىك كی", []string{"یک", "کی"}[:1]}, // Arabic alef maksura and kaf are Urdu's ی and ک; کی is a stop word
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArabicForms(t *testing.T) {
	tests := []struct {
		word  string
		forms []string
	}{
		{"البرمجيات", []string{"برمجيات", "برمج"}},     // the software
		{"والشركات", []string{"شركات", "شرك"}},         // and the companies
		{"للحكومات", []string{"حكومات", "حكوم"}},       // for the governments
		{"بالعربية", []string{"عربية", "عرب"}},         // in Arabic
		{"وشركات", []string{"وشرك", "شركات", "شرك"}},   // and companies: a particle, or the word's letter
		{"لشركات", []string{"لشرك", "شركات", "شرك"}},   // for companies
		{"برمجيات", []string{"برمج", "رمجيات", "رمج"}}, // software: ب is the word's own
		{"حكومة", []string{"حكوم"}},                    // government: a suffix only
		{"الحكومية", []string{"حكومية", "حكوم"}},       // governmental
		{"وقت", nil},                  // time: short words stay whole
		{"بنك", nil},                  // bank
		{"فريق", nil},                 // team: three letters would be left
		{"الى", nil},                  // ال with one letter after it
		{"مع", nil},                   // two letters
		{"وال", nil},                  // a prefix alone
		{"کمپنیاں", []string{"کمپن"}}, // Urdu: companies (کمپنی + یاں), its ی then taken as a suffix
		{"کمپنیوں", []string{"کمپن"}}, // of companies
		{"شہروں", []string{"شہر"}},    // of cities
		{"cloud", nil},                // not Arabic
		{"软件", nil},                   // not Arabic
	}
	for _, tt := range tests {
		// Forms are made of folded words; the expectations are written as Arabic spells them.
		var want []string
		for _, f := range tt.forms {
			want = append(want, Normalize(f))
		}
		if got := ArabicForms(Normalize(tt.word)); !slices.Equal(got, want) {
			t.Errorf("ArabicForms(%q) = %q, want %q", tt.word, got, want)
		}
	}
}
