package meta

import (
	"bytes"
	"unicode/utf8"

	"github.com/pseb/sitegen/generator/diagnostic"
)

var bom = []byte("\xef\xbb\xbf")

// CleanText returns data without a UTF-8 byte order mark and with CRLF line ends turned into
// LF, so that positions and output do not depend on the editor that saved the file. A file
// that is not UTF-8 is reported at its first bad byte and ok is false.
func CleanText(path string, data []byte, errs *diagnostic.List) (clean []byte, ok bool) {
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		line, col := 1, 1
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += size
		}
		errs.Addf(path, line, col, "save the file as UTF-8 in your editor", "file is not valid UTF-8 text")
		return nil, false
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data, true
}
