package meta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/adrg/frontmatter"
)

// splitJSON splits a file that starts with a JSON object at offset start: the object is
// the front matter, on one line ({"title": "x"}) or many, and the body follows it.
// adrg/frontmatter finds a "{" block only when the braces are on lines of their own.
func splitJSON(data []byte, start int) (*Value, []byte, int, error) {
	first := bytes.Count(data[:start], []byte("\n"))
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		// ParseJSON says where, with the file's line.
		if _, perr := ParseJSON(data[start:], first); perr != nil {
			return nil, nil, 0, perr
		}
		return nil, nil, 0, &SyntaxError{Line: first + 1, Col: 1, Msg: "invalid JSON front matter: " + err.Error()}
	}
	end := start + int(dec.InputOffset())
	fm, err := ParseJSON(data[start:end], first)
	if err != nil {
		return nil, nil, 0, err
	}
	rest := data[end:]
	// The rest of the object's last line, when blank, is not body.
	if line, after, found := bytes.Cut(rest, []byte("\n")); len(bytes.TrimSpace(line)) == 0 {
		if found {
			rest = after
		} else {
			rest = nil
		}
	}
	bodyLine := 1 + bytes.Count(data[:len(data)-len(rest)], []byte("\n"))
	return fm, bytes.Clone(rest), bodyLine, nil
}

// frontMatter is what the adrg/frontmatter formats capture: the raw block and its syntax.
type frontMatter struct {
	syntax string
	data   []byte
}

func capture(syntax string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		fm := v.(*frontMatter)
		fm.syntax, fm.data = syntax, bytes.Clone(data)
		return nil
	}
}

// The formats adrg/frontmatter detects by default, decoded by meta so positions survive.
var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", capture("yaml")),
	frontmatter.NewFormat("---yaml", "---", capture("yaml")),
	frontmatter.NewFormat("+++", "+++", capture("toml")),
	frontmatter.NewFormat("---toml", "---", capture("toml")),
	frontmatter.NewFormat(";;;", ";;;", capture("json")),
	frontmatter.NewFormat("---json", "---", capture("json")),
	{Start: "{", End: "}", Unmarshal: capture("json"), UnmarshalDelims: true, RequiresNewLine: true},
}

// SplitFrontMatter separates the front matter of a cleaned file (CleanText) from its
// Markdown body and decodes it, in any of the formats adrg/frontmatter detects (YAML, TOML,
// JSON), with positions in the file. bodyLine is the file line where the body starts.
func SplitFrontMatter(data []byte) (fm *Value, body []byte, bodyLine int, err error) {
	if trimmed := bytes.TrimLeft(data, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
		return splitJSON(data, len(data)-len(trimmed))
	}
	var cap frontMatter
	rest, err := frontmatter.Parse(bytes.NewReader(data), &cap, formats...)
	if err != nil {
		return nil, nil, 0, &SyntaxError{Line: 1, Msg: err.Error()}
	}
	// Lines before the opening delimiter (adrg/frontmatter skips blank ones).
	first := 0
	for rest := data; ; first++ {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(line)) != 0 || !found {
			break
		}
		rest = after
	}
	if cap.syntax == "" {
		firstLine, _, _ := strings.Cut(strings.TrimLeft(string(data), " \t\n"), "\n")
		for _, f := range formats {
			if strings.TrimSpace(firstLine) == f.Start && f.Start != "{" {
				return nil, nil, 0, &SyntaxError{Line: first + 1, Col: 1,
					Msg: fmt.Sprintf("front matter is not closed: add a line %q after the last field", f.End)}
			}
		}
		return nil, nil, 0, &SyntaxError{Line: first + 1, Col: 1,
			Msg: "no front matter: start the file with a line \"---\", then the fields, then another \"---\""}
	}
	offset := first + 1
	if cap.syntax == "json" && strings.HasPrefix(strings.TrimSpace(string(data)), "{") {
		offset = first
	}
	bodyLine = 1 + bytes.Count(data[:len(data)-len(rest)], []byte("\n"))
	switch cap.syntax {
	case "yaml":
		fm, err = ParseYAML(cap.data, offset)
	case "toml":
		fm, err = ParseTOML(cap.data, offset)
	default:
		fm, err = ParseJSON(cap.data, offset)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	// rest points into the parser's buffer, which holds the whole file: keep only the body.
	return fm, bytes.Clone(rest), bodyLine, nil
}

// HeadHash hashes what comes before the body of a cleaned file: the delimiters and the
// front matter. Two versions of a file with the same head differ in their bodies only.
func HeadHash(file, body []byte) uint64 {
	h := fnv.New64a()
	h.Write(file[:len(file)-len(body)])
	return h.Sum64()
}
