package permalink

import (
	"testing"

	"github.com/pseb/sitegen/generator/content"
)

func TestPaths(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Company(&content.Company{Entry: content.Entry{Slug: "acme"}}), "companies/acme/"},
		{Park(&content.Park{Entry: content.Entry{Slug: "bannu"}}), "parks/bannu/"},
		{News(&content.News{Entry: content.Entry{Slug: "opening"}}), "news/opening/"},
		{City("lahore"), "cities/lahore/"},
		{Service("ai-ml"), "services/ai-ml/"},
		{Certification("iso-27001"), "certifications/iso-27001/"},
		{Paged("cities/lahore/", 1), "cities/lahore/"},
		{Paged("cities/lahore/", 12), "cities/lahore/page/12/"},
		{Paged("", 2), "page/2/"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
