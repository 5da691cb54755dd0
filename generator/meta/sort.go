package meta

import (
	"cmp"
	"slices"
	"strings"
)

func sortKeys(m *Map) {
	slices.SortFunc(m.Keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(m.Fields[a].Line, m.Fields[b].Line), strings.Compare(a, b))
	})
}
