package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/diagnostic"
	"golang.org/x/sync/errgroup"
)

// TestRandomEditsEqualFullBuild makes random edits of every kind an editor makes (bodies,
// front matter that moves listings, new, deleted and renamed files, translations coming
// and going, parks, plain pages, layouts and strings, data files, site.yaml), hands each
// change set to Plan.Apply as the dev server does, settles the pages it left pending the
// ways the dev server does, and checks the served tree against a fresh build.
func TestRandomEditsEqualFullBuild(t *testing.T) {
	t.Parallel() // long, and shares nothing with other tests but the content-keyed cache
	t.Run("one language", func(t *testing.T) {
		if testing.Short() {
			t.Skip("-short: three languages only; the full lane edits a one-language site too")
		}
		randomEdits(t, testSite(t), false, 1)
	})
	t.Run("three languages", func(t *testing.T) { randomEdits(t, multiLangSite(t), true, 3) })
}

// editor makes the edits of randomEdits on the files of a test site.
type editor struct {
	t       *testing.T
	src     string
	r       *rand.Rand
	created []string // company files the test made, which it may delete or rename
	parks   []string // park files the test made, which no company is in
	n       int
}

var (
	cities   = []string{"lahore", "bannu"}
	services = []string{"web-development", "fintech"}
	parks    = []string{"", "lahore-park", "bannu-park"}
)

func (e *editor) read(rel string) string {
	data, err := os.ReadFile(filepath.Join(e.src, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

func (e *editor) write(rel, data string) {
	p := filepath.Join(e.src, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// setField replaces the value of a front-matter field (YAML or TOML) of rel.
func (e *editor) setField(rel, field, value string) {
	re := regexp.MustCompile(`(?m)^` + field + `( = |: ).*$`)
	data := e.read(rel)
	if !re.MatchString(data) {
		return
	}
	e.write(rel, re.ReplaceAllStringFunc(data, func(l string) string {
		if strings.Contains(l, " = ") {
			return field + " = " + strings.ReplaceAll(value, ": ", " = ")
		}
		return field + ": " + value
	}))
}

func (e *editor) company(city, service, park string) string {
	e.n++
	fm := fmt.Sprintf("---\nname: Delta %d\ncity: %s\nservices: [%s]\nsummary: Company number %d.\n", e.n, city, service, e.n)
	if park != "" {
		fm += "park: " + park + "\n"
	}
	return fm + fmt.Sprintf("---\n\nDelta %d's body, with [a link](/companies/).\n", e.n)
}

func (e *editor) pick(list []string) string { return list[e.r.Intn(len(list))] }

// edit makes one random edit and returns the paths it touched.
func (e *editor) edit(i int, langs bool) (string, []string) {
	companies := []string{"content/companies/gamma.md", "content/companies/beta.md", "content/companies/acme/index.md"}
	companies = append(companies, e.created...)
	bodies := append(slices.Clone(companies), "content/parks/lahore-park.md", "content/pages/about.md", "content/news/launch.md", "content/_index.md")
	if langs {
		bodies = append(bodies, "content/companies/acme/index.zh.md", "content/parks/lahore-park.zh.md", "content/pages/about.ar.md")
	}
	if _, err := os.Stat(filepath.Join(e.src, broken)); err == nil && e.r.Intn(3) == 0 {
		os.Remove(filepath.Join(e.src, broken))
		return "fix " + broken, []string{broken}
	}
	switch op := e.r.Intn(17); op {
	case 0, 1:
		f := e.pick(bodies)
		e.write(f, e.read(f)+fmt.Sprintf("\nEdit %d with *emphasis* and [a link](/companies/).\n", i))
		return "body of " + f, []string{f}
	case 2:
		f := e.pick(companies)
		e.setField(f, "summary", fmt.Sprintf(`"Summary v%d."`, i))
		return "summary of " + f, []string{f}
	case 3:
		f := e.pick(companies)
		e.setField(f, "name", fmt.Sprintf(`"%c Name %d"`, 'A'+rune(e.r.Intn(26)), i))
		return "name of " + f, []string{f}
	case 4:
		f := e.pick(companies)
		e.setField(f, "city", `"`+e.pick(cities)+`"`)
		return "city of " + f, []string{f}
	case 5:
		f := e.pick(companies)
		e.setField(f, "services", `["`+e.pick(services)+`"]`)
		return "services of " + f, []string{f}
	case 6, 7:
		f := fmt.Sprintf("content/companies/delta-%d.md", i)
		e.write(f, e.company(e.pick(cities), e.pick(services), e.pick(parks)))
		e.created = append(e.created, f)
		return "new " + f, []string{f}
	case 8:
		if len(e.created) == 0 {
			return "nothing", nil
		}
		k := e.r.Intn(len(e.created))
		f := e.created[k]
		os.Remove(filepath.Join(e.src, f))
		e.created = slices.Delete(e.created, k, k+1)
		return "delete " + f, []string{f}
	case 9:
		if len(e.created) == 0 {
			return "nothing", nil
		}
		k := e.r.Intn(len(e.created))
		f, to := e.created[k], fmt.Sprintf("content/companies/renamed-%d.md", i)
		if err := os.Rename(filepath.Join(e.src, f), filepath.Join(e.src, to)); err != nil {
			e.t.Fatal(err)
		}
		e.created[k] = to
		return "rename " + f, []string{f, to}
	case 10:
		if !langs {
			return "nothing", nil
		}
		f := "content/companies/gamma.zh.md"
		if _, err := os.Stat(filepath.Join(e.src, f)); err == nil {
			os.Remove(filepath.Join(e.src, f))
			return "delete " + f, []string{f}
		}
		e.write(f, fmt.Sprintf("---\nname: 伽马 %d\nsummary: 伽马的摘要。\n---\n\n伽马的正文 %d。\n", i, i))
		return "new " + f, []string{f}
	case 11:
		if k := e.r.Intn(3); k == 0 {
			f := fmt.Sprintf("content/parks/park-%d.md", i)
			e.write(f, fmt.Sprintf("---\nname: Park %d\ncity: bannu\nstatus: planned\nlocation: {lat: 3%d.5, lng: 7%d.2}\nsummary: A new park.\n---\n\nBody.\n", i, i%5, i%4))
			e.parks = append(e.parks, f)
			return "new " + f, []string{f}
		} else if k == 1 && len(e.parks) > 0 {
			f := e.parks[0]
			os.Remove(filepath.Join(e.src, f))
			e.parks = e.parks[1:]
			return "delete " + f, []string{f}
		}
		f := e.pick([]string{"content/parks/lahore-park.md", "content/parks/bannu-park.md"})
		e.setField(f, "name", fmt.Sprintf(`"Park %d"`, i))
		return "name of " + f, []string{f}
	case 12:
		// A file with an error: every Apply fails (and leaves the served site as it was)
		// until it is gone (below), taking the edits made meanwhile with it.
		if e.r.Intn(2) == 0 {
			e.write(broken, "---\nname: Broken\ncity: atlantis\nservices: [fintech]\n---\n")
			return "break " + broken, []string{broken}
		}
		return e.menu(i)
	case 13:
		// A template: the profile's, or the card every listing shows.
		if e.r.Intn(2) == 0 {
			f := "themes/default/layouts/company.html"
			e.write(f, strings.Replace(e.read(f), "</article>", fmt.Sprintf("<p>Template edit %d.</p></article>", i), 1))
			return "template " + f, []string{f}
		}
		f := "themes/default/layouts/partials/company-card.html"
		e.write(f, regexp.MustCompile(`^<li class="card"[^>]*>`).ReplaceAllString(e.read(f), fmt.Sprintf(`<li class="card" data-edit="%d">`, i)))
		return "template " + f, []string{f}
	case 14:
		f := "themes/default/i18n/en.yaml"
		re := regexp.MustCompile(`(?m)^companies: .*$`)
		e.write(f, re.ReplaceAllString(e.read(f), fmt.Sprintf("companies: Companies %d", i)))
		return "strings " + f, []string{f}
	case 15:
		// A data file: a city's name (every card and listing of it), or a dataset's row.
		if e.r.Intn(2) == 0 {
			f := "content/data/cities.yaml"
			re := regexp.MustCompile(`(?m)^  name: Lahore.*$`)
			e.write(f, re.ReplaceAllString(e.read(f), fmt.Sprintf("  name: Lahore %d", i)))
			return "data " + f, []string{f}
		}
		f := "content/data/graduates.csv"
		e.write(f, regexp.MustCompile(`(?m)^Bannu,.*$`).ReplaceAllString(e.read(f), fmt.Sprintf("Bannu,%d", 300+i)))
		return "data " + f, []string{f}
	case 16:
		f := "content/site.yaml"
		e.write(f, regexp.MustCompile(`(?m)^title: .*$`).ReplaceAllString(e.read(f), fmt.Sprintf("title: Test Site %d", i)))
		return "config " + f, []string{f}
	default:
		return e.menu(i)
	}
}

// broken is the file of a company with an error, while it exists.
const broken = "content/companies/broken.md"

// menu moves a page in the menu and renames it: the frame of every page changes.
func (e *editor) menu(i int) (string, []string) {
	f := "content/pages/about.md"
	e.setField(f, "menu", fmt.Sprint(e.r.Intn(100)))
	e.setField(f, "title", fmt.Sprintf(`"About %d"`, i))
	return "menu of " + f, []string{f}
}

func randomEdits(t *testing.T, src string, langs bool, seed int64) {
	plan, dest, fsys := served(t, src)
	e := &editor{t: t, src: src, r: rand.New(rand.NewSource(seed))}
	kinds := map[string]int{}
	var pending []string
	for i := range shortOr(80, 6) {
		what, changed := e.edit(i, langs)
		if changed == nil {
			continue
		}
		pending = append(pending, changed...)
		before := snapshot(t, dest)
		np, res, err := plan.Apply(context.Background(), fsys, dest, pending, nil)
		fresh := filepath.Join(t.TempDir(), fmt.Sprintf("fresh-%d", i))
		_, ferr := build(t, Options{Source: src, Dest: fresh})
		var list *diagnostic.List
		switch {
		case errors.As(err, &list):
			if ferr == nil {
				t.Fatalf("edit %d (%s): Apply reports %v, a full build nothing", i, what, err)
			}
			// Pages of deleted files are gone at once (deletedPages); nothing else changes.
			for f, data := range snapshot(t, dest) {
				if was, ok := before[f]; !ok || was != data {
					t.Fatalf("edit %d (%s): Apply failed, yet changed %s", i, what, f)
				}
			}
			kinds["failed"]++
			continue // the next Apply takes these changes too
		case err != nil:
			t.Fatalf("edit %d (%s): %v", i, what, err)
		case ferr != nil:
			t.Fatalf("edit %d (%s): a full build fails (%v), Apply did not", i, what, ferr)
		case res.Full:
			t.Fatalf("edit %d (%s): Apply asks for a full build", i, what)
		case res.Revised > 0:
			t.Fatalf("edit %d (%s): %d profile(s) drawn from the file alone differ from the loaded site's", i, what, res.Revised)
		}
		kinds["probed"] += res.Probed
		pending = nil
		plan = np
		kinds[strings.Fields(what)[0]]++
		if !settle(t, plan, dest, e.r.Intn(4)) {
			kinds["unsettled"]++
			continue // a save during the rebuild: the next Apply takes the pages left
		}
		compareTrees(t, fmt.Sprintf("edit %d (%s)", i, what), dest, fresh)
		if plan.Renderer.IndexMemo().Patched() {
			kinds["index patched"]++ // made from the index before the edit
		}
	}
	if !settle(t, plan, dest, 3) {
		t.Fatal("Settle did not finish")
	}
	equalsFreshBuild(t, "after the last edit", src, dest)
	t.Logf("edits applied: %v", kinds)
	if testing.Short() {
		return // the fast lane's few rounds cannot make every kind of edit; the full lane does
	}
	for _, k := range []string{"body", "summary", "name", "city", "services", "new", "delete", "rename", "menu", "template", "strings", "data", "config", "unsettled", "failed", "probed", "index patched"} {
		if kinds[k] == 0 {
			t.Errorf("no %q edit was made; the test no longer covers it", k)
		}
	}
}

// snapshot maps every file below dir to its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// settle brings the pages an Apply left pending to disk the ways serve does: mode 0 stops
// Settle before it starts and 1 part way (a save arrived: it reports false, leaving pages
// for the next Apply); 2 has browsers ask Ready for every pending page while Settle runs;
// 3 settles alone.
func settle(t *testing.T, plan *Plan, dest string, mode int) bool {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	switch mode {
	case 0:
		cancel()
	case 1:
		time.AfterFunc(time.Millisecond, cancel)
	case 2:
		var files []string
		if plan.pending != nil {
			files = plan.pending.Keys()
		}
		var g errgroup.Group
		g.Go(func() error { _, err := plan.Settle(ctx, dest); return err })
		for w := range 4 {
			g.Go(func() error {
				for i := w; i < len(files); i += 4 {
					if err := plan.Ready(ctx, files[len(files)-1-i]); err != nil {
						return err
					}
				}
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			t.Fatalf("Settle with Ready: %v", err)
		}
		return true
	}
	_, err := plan.Settle(ctx, dest)
	if errors.Is(err, context.Canceled) {
		return false
	}
	if err != nil {
		t.Fatalf("Settle: %v", err)
	}
	return plan.Pending() == 0
}

// compareTrees fails unless the folders served and fresh hold the same files, byte for byte.
func compareTrees(t *testing.T, what, served, fresh string) {
	t.Helper()
	{
		a, b := readTree(t, served), readTree(t, fresh)
		for name := range b {
			if _, ok := a[name]; !ok {
				t.Fatalf("%s: %s is missing", what, name)
			}
			if !bytes.Equal(a[name], b[name]) {
				t.Fatalf("%s: %s differs from a fresh build:\n%s", what, name, byteDiff(a[name], b[name]))
			}
		}
		for name := range a {
			if _, ok := b[name]; !ok {
				t.Fatalf("%s: %s was left behind", what, name)
			}
		}
	}
}

// byteDiff shows where two outputs part.
func byteDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("served: …%s…\nfresh:  …%s…", a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}

// served builds src as serve's tree before the first edit, and opens src for Apply.
func served(t *testing.T, src string) (*Plan, string, fs.FS) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "served")
	fsys, closeSource, err := OpenSource(src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeSource)
	// As serve builds: company bodies stay on disk, read from the files kept open, and
	// the pages are written after Build returns (so the plans keep their search index
	// memos, and the next index is made from the one before).
	sum, err := build(t, Options{Source: src, Dest: dest, FS: fsys, LazyBodies: true, PagesLater: true})
	if err != nil {
		t.Fatal(err)
	}
	if !settle(t, sum.Plan, dest, 3) {
		t.Fatal("the first Settle did not finish")
	}
	return sum.Plan, dest, fsys
}

// applyEdit applies the edit of changes to plan's output in dest and returns the new plan,
// what Apply did, and the URL paths it showed, call by call; it fails the test unless Apply
// took the edit.
func applyEdit(t *testing.T, plan *Plan, fsys fs.FS, dest string, changes ...string) (*Plan, Result, [][]string) {
	t.Helper()
	var shown [][]string
	np, res, err := plan.Apply(context.Background(), fsys, dest, changes, func(paths []string) { shown = append(shown, paths) })
	if err != nil || res.Full {
		t.Fatalf("Apply %v: %v, %+v", changes, err, res)
	}
	return np, res, shown
}

// probedOnce fails unless Apply drew one page (what) from the edited file alone, the same
// as the loaded site's.
func probedOnce(t *testing.T, res Result, what string) {
	t.Helper()
	if res.Probed != 1 || res.Revised != 0 {
		t.Fatalf("Apply: %+v: want %s probed once, the same as the loaded site's", res, what)
	}
}

// settledAsFresh writes what plan left pending and fails unless dest then holds what a
// fresh build of src makes.
func settledAsFresh(t *testing.T, what string, plan *Plan, src, dest string) {
	t.Helper()
	if !settle(t, plan, dest, 2) {
		t.Fatalf("%s: Settle did not finish", what)
	}
	equalsFreshBuild(t, what, src, dest)
}

// equalsFreshBuild fails unless dest holds what a fresh build of src makes, byte for byte.
func equalsFreshBuild(t *testing.T, what, src, dest string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := build(t, Options{Source: src, Dest: fresh}); err != nil {
		t.Fatalf("%s: a fresh build: %v", what, err)
	}
	compareTrees(t, what, dest, fresh)
}

// TestFolderMovedAwayAndBack: a bundle folder moved out of the site, edited, and moved back
// between two change sets reaches Apply as the folder's path alone; the files in it are at
// their old paths, and must be read again.
func TestFolderMovedAwayAndBack(t *testing.T) {
	src := testSite(t)
	plan, dest, fsys := served(t, src)
	bundle, away := filepath.Join(src, "content/companies/acme"), filepath.Join(t.TempDir(), "acme")
	if err := os.Rename(bundle, away); err != nil {
		t.Fatal(err)
	}
	index := filepath.Join(away, "index.md")
	data, _ := os.ReadFile(index)
	os.WriteFile(index, []byte(strings.Replace(string(data), "Acme builds", "Acme, moved and back, builds", 1)), 0o644)
	if err := os.Rename(away, bundle); err != nil {
		t.Fatal(err)
	}
	plan, res, err := plan.Apply(context.Background(), fsys, dest, []string{"content/companies/acme"}, nil)
	if err != nil || res.Full {
		t.Fatalf("Apply: %v, %+v", err, res)
	}
	if _, err := plan.Settle(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	if page, _ := os.ReadFile(filepath.Join(dest, "companies/acme/index.html")); !strings.Contains(string(page), "moved and back") {
		t.Error("the edit made while the folder was away is not shown")
	}
	equalsFreshBuild(t, "after the move back", src, dest)
}

// TestCheckoutOf500Files: a branch checkout reaches Apply as one change set of hundreds of
// files: 500 new profiles, then 250 of them edited and 250 deleted with a data file and a
// layout; each ends in the tree a fresh build makes.
func TestCheckoutOf500Files(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 500 profiles several times")
	}
	src := testSite(t)
	plan, dest, fsys := served(t, src)
	e := &editor{t: t, src: src, r: rand.New(rand.NewSource(3))}
	var created []string
	for i := range 500 {
		f := fmt.Sprintf("content/companies/branch-%03d.md", i)
		e.write(f, e.company(e.pick(cities), e.pick(services), e.pick(parks)))
		created = append(created, f)
	}
	apply := func(what string, changes []string) {
		t.Helper()
		plan, _, _ = applyEdit(t, plan, fsys, dest, changes...)
		settledAsFresh(t, what, plan, src, dest)
	}
	apply("500 new profiles", created)

	var changes []string
	for i, f := range created {
		if i%2 == 0 {
			e.setField(f, "name", fmt.Sprintf(`"Branch %03d"`, 500-i))
		} else {
			os.Remove(filepath.Join(src, f))
		}
		changes = append(changes, f)
	}
	f := "content/data/cities.yaml"
	e.write(f, strings.Replace(e.read(f), "name: Bannu", "name: Bannu City", 1))
	l := "themes/default/layouts/company.html"
	e.write(l, strings.Replace(e.read(l), "</article>", "<p>On the branch.</p></article>", 1))
	apply("250 renamed, 250 deleted, a data file and a layout", append(changes, f, l))
}

// TestPagesLaterSettlesToTheSameSite: a build that leaves its pages pending (serve's first
// build) has the static and bundle files in place at once, answers Ready for any page, and
// after Settle equals a build that writes everything, byte for byte.
func TestPagesLaterSettlesToTheSameSite(t *testing.T) {
	src := multiLangSite(t)
	lazy, full := filepath.Join(t.TempDir(), "lazy"), filepath.Join(t.TempDir(), "full")
	sum, err := build(t, Options{Source: src, Dest: lazy, PagesLater: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, Options{Source: src, Dest: full}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(lazy, "companies/gamma/index.html")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a page was written before it was asked for (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(lazy, "css/style.css")); err != nil {
		t.Fatalf("the stylesheet is not in place: %v", err)
	}
	if err := sum.Plan.Ready(context.Background(), "zh/companies/gamma/index.html"); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(lazy, "zh/companies/gamma/index.html"))
	b, _ := os.ReadFile(filepath.Join(full, "zh/companies/gamma/index.html"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatalf("the page written on demand differs from the full build's:\n%s", byteDiff(a, b))
	}
	if !settle(t, sum.Plan, lazy, 2) {
		t.Fatal("Settle did not finish")
	}
	compareTrees(t, "after Settle", lazy, full)
}

// TestCardEditReachesTheListingPagesShowingIt: an edit of a company's card (its summary, a
// name that keeps its place) reaches the listing pages that show the card, not every page
// of every listing; a new company changes the counts every listing page shows, so it
// reaches them all.
func TestCardEditReachesTheListingPagesShowingIt(t *testing.T) {
	src := testSite(t)
	e := &editor{t: t, src: src}
	for i := range 6 {
		e.write(fmt.Sprintf("content/companies/branch-%02d.md", i),
			fmt.Sprintf("---\nname: Branch %02d\ncity: lahore\nservices: [web-development]\nsummary: Branch %d.\n---\n\nBody.\n", i, i))
	}
	plan, dest, fsys := served(t, src)
	apply := func(what string, changes ...string) map[string]bool {
		t.Helper()
		np, _, calls := applyEdit(t, plan, fsys, dest, changes...)
		plan = np
		settledAsFresh(t, what, plan, src, dest)
		shown := map[string]bool{}
		for _, paths := range calls {
			for _, p := range paths {
				shown[p] = true
			}
		}
		return shown
	}
	// Acme, Beta, Branch 00-05, Gamma at two a page: Branch 04 is on page 4 of the directory.
	f := "content/companies/branch-04.md"
	for _, edit := range []struct{ what, field, value string }{
		{"summary", "summary", `"A new summary."`},
		{"name in place", "name", `"Branch 04 Ltd"`},
	} {
		e.setField(f, edit.field, edit.value)
		shown := apply(edit.what, f)
		for _, p := range []string{"companies/branch-04/", "companies/page/4/"} {
			if !shown[p] {
				t.Errorf("%s: %s not re-rendered (shown: %v)", edit.what, p, slices.Sorted(maps.Keys(shown)))
			}
		}
		for _, p := range []string{"companies/page/2/", "companies/", "companies/page/5/", "companies/gamma/"} {
			if shown[p] {
				t.Errorf("%s: %s re-rendered, but does not show the company", edit.what, p)
			}
		}
		if shown["sitemap.xml"] {
			t.Errorf("%s: the sitemap re-rendered, but it lists the same pages", edit.what)
		}
	}
	e.write("content/companies/branch-06.md", "---\nname: Branch 06\ncity: bannu\nservices: [fintech]\nsummary: New.\n---\n")
	shown := apply("new company", "content/companies/branch-06.md")
	// The first page of every listing shows the site's counts; the later pages of the
	// listings holding it show its total; other listings' later pages do not change.
	for _, p := range []string{"companies/", "companies/page/2/", "cities/lahore/", "services/web-development/"} {
		if !shown[p] {
			t.Errorf("new company: %s (its filter panel counts or the listing's total) not re-rendered", p)
		}
	}
	if shown["cities/lahore/page/2/"] {
		t.Error("new company in Bannu: cities/lahore/page/2/ re-rendered, but it shows neither the company nor the counts")
	}
	if !shown["sitemap.xml"] {
		t.Error("new company: the sitemap not re-rendered, but it lists the new profile")
	}
}

// failingDir is a source tree whose folder dir cannot be listed.
type failingDir struct {
	fs.FS
	dir string
}

func (f failingDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.dir {
		return nil, errors.New("disk on fire")
	}
	return fs.ReadDir(f.FS, name)
}

// TestProbedProfileFirst: a renamed company's profile is written from its file alone before
// the site is loaded again (and equals what the loaded site draws); when the site then does
// not load, the profile served before is put back.
func TestProbedProfileFirst(t *testing.T) {
	src := testSite(t)
	e := &editor{t: t, src: src}
	plan, dest, fsys := served(t, src)
	page := filepath.Join(dest, "companies/gamma/index.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	f := "content/companies/gamma.md"
	e.setField(f, "name", `"Aardvark Gamma"`)

	var shown [][]string
	var probed []byte
	_, _, err = plan.Apply(context.Background(), failingDir{fsys, "content/companies"}, dest, []string{f}, func(paths []string) {
		if len(shown) == 0 {
			probed, _ = os.ReadFile(page)
		}
		shown = append(shown, paths)
	})
	if err == nil {
		t.Fatal("the site loaded from a folder that cannot be listed")
	}
	if !strings.Contains(string(probed), "Aardvark Gamma") || !slices.Equal(shown[0], []string{"companies/gamma/"}) {
		t.Fatalf("the renamed profile was not shown first: %q", shown)
	}
	if after, _ := os.ReadFile(page); !bytes.Equal(after, before) {
		t.Fatal("the profile drawn before the failed load is still served")
	}
	if last := shown[len(shown)-1]; !slices.Equal(last, []string{"companies/gamma/"}) {
		t.Fatalf("the restored profile was not shown again: %q", shown)
	}

	np, res, _ := applyEdit(t, plan, fsys, dest, f)
	probedOnce(t, res, "the profile")
	settledAsFresh(t, "after the rename", np, src, dest)
}

// TestProbedTranslationFirst: a translation added to a company shows its page in that
// language first, drawn from the file alone, the same as the loaded site draws it.
func TestProbedTranslationFirst(t *testing.T) {
	src := multiLangSite(t)
	e := &editor{t: t, src: src}
	plan, dest, fsys := served(t, src)
	f := "content/companies/gamma.zh.md"
	e.write(f, "---\nname: 伽马\nsummary: 伽马的摘要。\n---\n\n伽马的正文。\n")
	np, res, shown := applyEdit(t, plan, fsys, dest, f)
	probedOnce(t, res, "the Chinese profile")
	if !slices.Equal(shown[0], []string{"zh/companies/gamma/"}) {
		t.Fatalf("shown first: %q", shown[0])
	}
	settledAsFresh(t, "after the translation", np, src, dest)
}

// TestProbedParkFirst: a renamed park (which moves it on every park's map) shows its page
// first, drawn from the file alone, the same as the loaded site draws it.
func TestProbedParkFirst(t *testing.T) {
	src := testSite(t)
	e := &editor{t: t, src: src}
	plan, dest, fsys := served(t, src)
	f := "content/parks/lahore-park.md"
	e.setField(f, "name", `"Zeta Park"`)
	np, res, shown := applyEdit(t, plan, fsys, dest, f)
	probedOnce(t, res, "the park's page")
	if !slices.Equal(shown[0], []string{"parks/lahore-park/"}) {
		t.Fatalf("shown first: %q", shown[0])
	}
	// Its tenants' profiles show its name too: they come with the rest, after.
	last := shown[len(shown)-1]
	if !slices.Contains(last, "companies/acme/") || slices.ContainsFunc(shown[:len(shown)-1], func(s []string) bool { return slices.Contains(s, "companies/acme/") }) {
		t.Fatalf("a tenant's profile is not among the pages left for later: %q", shown)
	}
	settledAsFresh(t, "after the park's rename", np, src, dest)
}

// TestPageOfAFileChangedOnDiskWaitsForItsEdit: serve keeps company bodies on disk. A page
// asked for (or settled) after its file changed on disk, before the change reached Apply,
// is left pending without an error, not written from a body that no longer matches the
// model; the Apply that follows writes it.
func TestPageOfAFileChangedOnDiskWaitsForItsEdit(t *testing.T) {
	src := testSite(t)
	fsys, closeSource, err := OpenSource(src)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSource()
	dest := filepath.Join(t.TempDir(), "served")
	sum, err := build(t, Options{Source: src, Dest: dest, FS: fsys, LazyBodies: true, PagesLater: true})
	if err != nil {
		t.Fatal(err)
	}
	plan := sum.Plan
	e := &editor{t: t, src: src}
	f, page := "content/companies/gamma.md", "companies/gamma/index.html"
	e.setField(f, "name", `"Gamma Renamed"`)
	if err := plan.Ready(context.Background(), page); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, page)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the page of a file changed on disk was written from the model of the old one (%v)", err)
	}
	if _, err := plan.Settle(context.Background(), dest); err != nil {
		t.Fatalf("Settle: %v", err)
	}
	if !plan.unwritten(page) {
		t.Fatal("the page is no longer pending: nothing will write it")
	}
	np, _, _ := applyEdit(t, plan, fsys, dest, f)
	settledAsFresh(t, "after the edit", np, src, dest)
}

// TestDatasetEditLeavesTheSearchIndex: a dataset edit draws the page charting it first,
// from the datasets alone; the search index holds companies and parks, so it is not
// written again.
func TestDatasetEditLeavesTheSearchIndex(t *testing.T) {
	src := testSite(t)
	e := &editor{t: t, src: src}
	plan, dest, fsys := served(t, src)
	f := "content/data/graduates.csv"
	e.write(f, regexp.MustCompile(`(?m)^Bannu,.*$`).ReplaceAllString(e.read(f), "Bannu,321"))
	np, res, _ := applyEdit(t, plan, fsys, dest, f)
	if res.Probed == 0 || res.Revised != 0 {
		t.Fatalf("Apply: %+v: want the chart's page probed, the same as the loaded site's", res)
	}
	pending := np.Pending()
	if np.lateStale {
		// (Settle's count alone would not show it: index files kept as they were are not
		// counted as written.)
		t.Error("the dataset edit left the search index to be made again")
	}
	written, err := np.Settle(context.Background(), dest)
	if err != nil {
		t.Fatal(err)
	}
	if pending == 0 || written != pending {
		t.Errorf("Settle wrote %d file(s) for %d pending page(s): want the pages only, not the search index", written, pending)
	}
	equalsFreshBuild(t, "after the dataset edit", src, dest)
}
