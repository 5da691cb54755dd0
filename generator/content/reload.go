package content

import (
	"bytes"
	"hash/fnv"
	"io/fs"

	"github.com/pseb/sitegen/generator/diagnostic"
	"github.com/pseb/sitegen/generator/meta"
)

// headHash hashes what comes before the body: the delimiters and the front matter.
func headHash(file, body []byte) uint64 {
	h := fnv.New64a()
	h.Write(file[:len(file)-len(body)])
	return h.Sum64()
}

// ReloadBody takes a new version of a published file whose front matter is unchanged byte
// for byte, and replaces its body in the model. It reports false, changing nothing, for
// anything else (an unknown file, changed front matter, a file that no longer reads): the
// caller then loads the whole site again. Only what renders that one body needs to be
// rendered again. The caller must own the site: nothing may render it meanwhile.
func (s *Site) ReloadBody(fsys fs.FS, source string) bool {
	e := s.bySource[source]
	if e == nil {
		return false
	}
	raw, err := fs.ReadFile(fsys, source)
	if err != nil {
		return false
	}
	data, ok := meta.CleanText(source, raw, &diagnostic.List{})
	if !ok {
		return false
	}
	_, body, bodyLine, err := Split(data)
	if err != nil || headHash(data, body) != e.head || bodyLine != e.BodyLine {
		return false
	}
	if !bytes.Equal(body, e.Body) {
		e.Body = body
	}
	return true
}
