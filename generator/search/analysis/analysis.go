// Package analysis owns how text becomes search terms, the same way at build time and in
// the visitor's browser (themes/default/static/js mirrors it): Unicode normalization and
// folding (case, marks, the Arabic-script letters Urdu and Arabic write differently),
// words and CJK segments, stop words, and the Arabic forms a query word also matches.
package analysis

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MinTermLen is the shortest term indexed, in runes; the browser waits for as many letters.
const MinTermLen = 2

// StopWords are English and Urdu words too common to narrow a search. They are left out of the
// index and written into the manifest, so the browser drops them from queries too.
var StopWords = []string{"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have",
	"in", "into", "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "this", "to",
	"we", "with", "you", "your",
	// Urdu's postpositions, conjunctions and copulas, written as words of their own (and
	// folded: کی, not كي).
	"کا", "کی", "کے", "میں", "سے", "کو", "نے", "پر", "اور", "ہے", "ہیں", "یہ", "وہ", "بھی", "تھا", "تھے"}

var stopSet = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range StopWords {
		m[w] = true
	}
	return m
}()

// Normalize folds s for matching: compatibility decomposition, combining marks removed,
// lower case, so "Café", "CAFE" and "café" are one term. The browser script does the same
// with s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().
func Normalize(s string) string {
	// Invalid UTF-8 (never in content, which is checked when read) is made valid first,
	// so that where the folding stops does not depend on the transformer's buffers.
	s = strings.ToValidUTF8(s, "\uFFFD")
	// Most text is already decomposed and has no marks to remove (Chinese, Arabic without
	// vowel marks): the transformer would give it back as it is, after copying it.
	if norm.NFKD.IsNormalString(s) && !strings.ContainsFunc(s, isMark) {
		return foldArabicScript(strings.ToLower(s))
	}
	t := folders.Get().(transform.Transformer)
	out, _, err := transform.String(t, s)
	folders.Put(t)
	if err != nil {
		out = s
	}
	return foldArabicScript(strings.ToLower(out))
}

// foldArabicScript writes the letters that Arabic and Urdu spell differently, and that
// keyboards mix, as one: Arabic yeh and alef maksura as Farsi yeh (ي ى → ی), Arabic kaf as
// keheh (ك → ک), heh, teh marbuta and ae as heh goal (ه ة ە → ہ), and Arabic-Indic and
// Urdu digits as ASCII ones (٢٠٢٦ ۲۰۲۶ → 2026). Hamza above or below (أ إ ؤ ئ ۓ) and madda
// (آ) are marks NFKD has already split off and Normalize removed. The browser's fold has
// the same table.
func foldArabicScript(s string) string {
	if !strings.ContainsFunc(s, inArabicBlock) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == 'ي' || r == 'ى':
			return 'ی'
		case r == 'ك':
			return 'ک'
		case r == 'ه' || r == 'ة' || r == 'ە':
			return 'ہ'
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		}
		return r
	}, s)
}

func inArabicBlock(r rune) bool { return r >= 0x0600 && r <= 0x06FF }

func isMark(r rune) bool { return unicode.Is(unicode.M, r) }

// folders holds the transformers of Normalize: a chain keeps buffers and state, so one is
// used by one goroutine at a time, and making one for each word is most of the work.
var folders = sync.Pool{New: func() any { return transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.M))) }}

// Terms splits s into the terms the index holds, in order of appearance with repeats:
// runs of letters and digits (the browser's /[\p{L}\p{N}]+/gu), normalized, at least
// MinTermLen runes long, stop words left out; Chinese and Japanese as character pairs
// (see eachSegment).
func Terms(s string) []string {
	var out []string
	EachTerm(s, func(t []byte) { out = append(out, string(t)) })
	return out
}

// EachTerm calls yield with each term of s, as Terms returns them, in a buffer that is
// only valid during the call. s is cut at its ASCII bytes that are neither letters nor
// digits: they end a word before and after normalization, and normalization never joins
// text across them (NFKD reorders marks only between two starters, and they are starters).
// A piece that is all ASCII (most words of an English site) is lower-cased in place,
// allocating nothing; only the others are normalized (see Normalize).
func EachTerm(s string, yield func([]byte)) {
	var buf [64]byte
	word := buf[:0]
	ascii := true
	flush := func(piece string) {
		switch {
		case !ascii && strings.Trim(piece, typographic) == "":
			// Quotes, dashes and the excerpt's block separator: no words in any form.
		case !ascii:
			for _, w := range strings.FieldsFunc(Normalize(piece), isSeparator) {
				eachSegment(w, yield)
			}
		case len(word) >= MinTermLen && !stopSet[string(word)]:
			yield(word)
		}
		word, ascii = word[:0], true
	}
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			word = append(word, c)
		case 'A' <= c && c <= 'Z':
			word = append(word, c+'a'-'A')
		case c >= utf8.RuneSelf:
			ascii = false
		default:
			if i > start {
				flush(s[start:i])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		flush(s[start:])
	}
}

// typographic is what the typographer writes for quotes, dashes and ellipses, and the
// separator plain text puts between blocks: their folded forms hold no letter or digit.
const typographic = "‘’“”–—…·"

func isSeparator(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// IsCJK reports whether r belongs to a script written without spaces between words.
func IsCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// eachSegment yields the terms of one run of letters and digits. Chinese and Japanese are
// written without spaces, so their runs are indexed as overlapping pairs of characters
// (the CJK bigrams of Lucene's CJKAnalyzer): "软件公司" is 软件, 件公, 公司, and a query is
// split the same way, so any two adjacent characters find the text. Other runs are words.
func eachSegment(w string, yield func([]byte)) {
	start, inCJK := 0, false
	flush := func(end int) {
		seg := w[start:end]
		if seg == "" {
			return
		}
		if !inCJK {
			if isTerm(seg) {
				yield([]byte(seg))
				// Arabic writes the article and some particles into the word, and inflects
				// it with suffixes: the word is indexed in its other forms too (ArabicForms).
				for _, f := range ArabicForms(seg) {
					yield([]byte(f))
				}
			}
			return
		}
		rs := []rune(seg)
		for i := 0; i+1 < len(rs); i++ {
			yield([]byte(string(rs[i : i+2])))
		}
	}
	for i, r := range w {
		if c := IsCJK(r); c != inCJK {
			flush(i)
			start, inCJK = i, c
		}
	}
	flush(len(w))
}

// Arabic light stemming, after Larkey, Ballesteros and Connell's "light10" (the
// stemmer Lucene's Arabic analyzer follows): the prefixes are the article and the
// particles written into a word before it (و "and", ب "with", ل "for", ف "so"), the
// suffixes the commonest endings of plural, feminine and possessive forms. Urdu, in the
// same script, adds its plural and oblique endings (urduEndings). The lists are in folded
// letters (foldArabicScript): یہ stands for both يه and ية. Arabic's ك "like" is no
// particle here: folded to ک it would take the first letter off Urdu's کمپنی and کالج.
var (
	arabicArticles  = []string{"وال", "بال", "فال", "لل", "ال"} // longest first
	arabicParticles = []string{"و", "ب", "ل", "ف"}
	arabicSuffixes  = []string{"ہا", "ان", "ات", "ون", "ین", "یہ", "ہ", "ی"}
	// urduEndings are Urdu's plural and oblique endings: کمپنیاں and کمپنیوں are forms of
	// کمپنی (the ی stays), شہروں and چیزیں of شہر and چیز.
	urduEndings = []struct{ suffix, keep string }{{"یوں", "ی"}, {"یاں", "ی"}, {"وں", ""}, {"یں", ""}}
)

// ArabicForms returns the other forms of a folded word in the Arabic script that the index
// holds besides the word: the word without the article it starts with (البرمجيات:
// برمجيات) or without a one-letter particle (وشركات, لشركات: شركات), and each without its
// suffixes (برمجيات, برمجية: برمج; Urdu کمپنیوں: کمپن), so that a query finds the word in
// any of these forms. A part is taken off only when 3 letters remain (4 after a particle),
// so short words stay whole. A particle's letter may be the word's own (ب in برمجيات), so
// such a word keeps its stem with the letter too. The directory script has the twin
// (arabicForms) and looks a query word up by its stems (searchForms).
func ArabicForms(w string) []string {
	first, _ := utf8.DecodeRuneInString(w)
	if !unicode.Is(unicode.Arabic, first) {
		return nil
	}
	rest, article := arabicPrefix(w)
	var out []string
	add := func(f string) {
		if f != w && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if rest == w || !article {
		add(arabicStem(w))
	}
	if rest != w {
		add(rest)
		add(arabicStem(rest))
	}
	return out
}

// arabicPrefix returns w without the article or the one-letter particle it starts with,
// and whether it was the article (which no word starts with otherwise); w when neither.
func arabicPrefix(w string) (rest string, article bool) {
	n := utf8.RuneCountInString(w)
	for _, p := range arabicArticles {
		if rest, ok := strings.CutPrefix(w, p); ok && n-utf8.RuneCountInString(p) >= 3 {
			return rest, true
		}
	}
	for _, p := range arabicParticles {
		if rest, ok := strings.CutPrefix(w, p); ok && n-1 >= 4 {
			return rest, false
		}
	}
	return w, false
}

// arabicStem returns w without an Urdu ending, then without its suffixes, each taken off
// in turn while 3 letters remain.
func arabicStem(w string) string {
	for _, e := range urduEndings {
		if rest, ok := strings.CutSuffix(w, e.suffix); ok && utf8.RuneCountInString(rest) >= 3 {
			w = rest + e.keep
			break
		}
	}
	for _, suf := range arabicSuffixes {
		if rest, ok := strings.CutSuffix(w, suf); ok && utf8.RuneCountInString(rest) >= 3 {
			w = rest
		}
	}
	return w
}

func isTerm(w string) bool {
	return utf8.RuneCountInString(w) >= MinTermLen && !stopSet[w]
}

// FirstRunes returns the first n runes of s (all of s when shorter).
func FirstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
