package markdown

import (
	"strings"
	"testing"

	"github.com/pseb/sitegen/generator/diagnostic"
)

// CheckBody reports at file lines: the body of the file starts at line 6 here.
func TestCheckBody(t *testing.T) {
	var errs diagnostic.List
	body := "Intro.\n\n{{< callout type=\"tip\" >}}\nA tip.\n{{< /callout >}}\n\n{{< nosuch >}}\n"
	calls := CheckBody("content/pages/a.md", []byte(body), 6, &errs)
	if len(calls) != 1 || calls[0].Name != "callout" || calls[0].Line != 8 {
		t.Errorf("calls %+v", calls)
	}
	if !strings.Contains(errs.Error(), "content/pages/a.md:12:") {
		t.Errorf("errors %s", errs.Error())
	}
	errs = diagnostic.List{}
	if calls := CheckBody("b.md", []byte(strings.Repeat("> ", 200)+"deep\n"), 3, &errs); calls != nil || errs.Len() == 0 {
		t.Errorf("a body past the limits: %v %s", calls, errs.Error())
	}
}
