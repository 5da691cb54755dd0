package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MinTermLen is the shortest term indexed, in runes; the browser waits for as many letters.
const MinTermLen = 2

// StopWords are English words too common to narrow a search. They are left out of the
// index and written into the manifest, so the browser drops them from queries too.
var StopWords = []string{"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have",
	"in", "into", "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "this", "to",
	"we", "with", "you", "your"}

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
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.M)))
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// Terms splits s into the terms the index holds, in order of appearance with repeats:
// runs of letters and digits (the browser's /[\p{L}\p{N}]+/gu), normalized, at least
// MinTermLen runes long, stop words left out; Chinese and Japanese as character pairs
// (see eachSegment).
func Terms(s string) []string {
	var out []string
	eachTerm(s, func(t []byte) { out = append(out, string(t)) })
	return out
}

// eachTerm calls yield with each term of s, as Terms returns them, in a buffer that is
// only valid during the call. Text that is all ASCII (most of an English site) takes a
// path that allocates nothing per word; the result is the same as the general path,
// which normalizes the whole text first.
func eachTerm(s string, yield func([]byte)) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		for _, w := range strings.FieldsFunc(Normalize(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
			eachSegment(w, yield)
		}
		return
	}
	var buf [64]byte
	word := buf[:0]
	flush := func() {
		if len(word) >= MinTermLen && !stopSet[string(word)] {
			yield(word)
		}
		word = word[:0]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			word = append(word, c)
		case 'A' <= c && c <= 'Z':
			word = append(word, c+'a'-'A')
		default:
			flush()
		}
	}
	flush()
}

// isCJK reports whether r belongs to a script written without spaces between words.
func isCJK(r rune) bool {
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
				// Arabic writes the article into the word (البرمجيات, "the software"):
				// the word is indexed without it too, so برمجيات finds it.
				if rest, ok := strings.CutPrefix(seg, "ال"); ok && utf8.RuneCountInString(rest) >= 3 {
					yield([]byte(rest))
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
		if c := isCJK(r); c != inCJK {
			flush(i)
			start, inCJK = i, c
		}
	}
	flush(len(w))
}

func isTerm(w string) bool {
	return utf8.RuneCountInString(w) >= MinTermLen && !stopSet[w]
}

// firstRunes returns the first n runes of s (all of s when shorter).
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
