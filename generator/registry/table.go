package registry

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Table is an export as read: its header and its rows, each cell as text. Rows are numbered
// as the file numbers them (the header is row 1), so errors point where a spreadsheet shows.
type Table struct {
	Path   string
	Header []string
	Rows   [][]string
	// Encoding says how a CSV file was decoded (UTF-8, UTF-16, Windows-1252), for the report.
	Encoding string
	// Ignored are the header's columns that name no field (without a mapping file).
	Ignored []string
}

// ReadTable reads a CSV (any of , ; tab | as the separator, UTF-8 with or without a BOM,
// UTF-16 with a BOM, or Windows-1252 as Excel writes it) or an XLSX workbook (its first
// sheet, or sheet when given).
func ReadTable(path, sheet string) (*Table, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return readXLSX(path, sheet)
	case ".csv", ".tsv", ".txt":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return readCSV(path, data)
	default:
		return nil, fmt.Errorf("%s: a registry export is a .csv or .xlsx file", path)
	}
}

func readXLSX(path, sheet string) (*Table, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	if sheet == "" {
		sheet = f.GetSheetName(0)
	} else if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		return nil, fmt.Errorf("%s: no sheet %q (the workbook has %s)", path, sheet, strings.Join(f.GetSheetList(), ", "))
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s: sheet %q: %w", path, sheet, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: sheet %q is empty", path, sheet)
	}
	return &Table{Path: path, Header: rows[0], Rows: rows[1:], Encoding: "XLSX"}, nil
}

// decode returns data as UTF-8 text and the name of the encoding it was in.
func decode(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], "UTF-8 with BOM", nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), data)
		return out, "UTF-16", err
	case utf8.Valid(data):
		return data, "UTF-8", nil
	default:
		// Not UTF-8: Excel's "CSV" on Windows is the ANSI code page, Windows-1252 for the
		// Latin alphabet, where every byte is a character.
		out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), data)
		return out, "Windows-1252", err
	}
}

// separators a CSV export may use, in the order a tie is decided.
var separators = []rune{',', ';', '\t', '|'}

// sniffSeparator picks the separator that splits the header line into the most fields.
func sniffSeparator(text []byte) rune {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	best, bestN := ',', 0
	for _, sep := range separators {
		r := csv.NewReader(bytes.NewReader(line))
		r.Comma = sep
		r.LazyQuotes = true
		rec, err := r.Read()
		if err == nil && len(rec) > bestN {
			best, bestN = sep, len(rec)
		}
	}
	return best
}

func readCSV(path string, data []byte) (*Table, error) {
	text, enc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = sniffSeparator(text)
	r.FieldsPerRecord = -1 // a short row is reported at its row, not as a broken file
	r.ReuseRecord = false
	t := &Table{Path: path, Encoding: enc}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s:%d:%d: %v", path, pe.Line, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if t.Header == nil {
			t.Header = rec
			continue
		}
		t.Rows = append(t.Rows, rec)
	}
	if t.Header == nil {
		return nil, fmt.Errorf("%s: the file is empty (want a header row, then one row per company)", path)
	}
	return t, nil
}
