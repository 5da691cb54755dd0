package shortcode

import (
	"reflect"
	"testing"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		line string
		want Call
	}{
		{`{{< park-map >}}`, Call{Name: "park-map", Args: map[string]string{}}},
		{`  {{<chart data="it-exports" type=line>}}`, Call{Name: "chart", Col: 3, Args: map[string]string{"data": "it-exports", "type": "line"}}},
		{`{{< contact label="Say \"hello\"" subject="a\\b" >}}`, Call{Name: "contact", Args: map[string]string{"label": `Say "hello"`, "subject": `a\b`}}},
		{`{{< /callout >}}`, Call{Name: "callout", Closing: true, Args: map[string]string{}}},
		{`{{< callout title="مرکز" >}}  `, Call{Name: "callout", Args: map[string]string{"title": "مرکز"}}},
	}
	for _, tt := range tests {
		got, err := ParseLine(tt.line, 7)
		if err != nil {
			t.Errorf("%s: %v", tt.line, err)
			continue
		}
		if tt.want.Col == 0 {
			tt.want.Col = 1
		}
		tt.want.Line = 7
		got.ArgCols = nil
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
	}
}

// Every way a shortcode can be wrong, with the position and words of its message.
