package preview

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pseb/sitegen/generator/internal/browsertest"
	"github.com/pseb/sitegen/generator/internal/syncbuf"
)

// startPreview serves a copy of the generator's test site on a free loopback port.
func startPreview(t *testing.T) (src, url string, log *syncbuf.Buffer) {
	t.Helper()
	src = t.TempDir()
	if err := os.CopyFS(src, os.DirFS("../site/testdata/site")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(src, "themes"), os.DirFS("../../themes")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	log = &syncbuf.Buffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Source: src, Port: 0, Log: log, Ready: func(u string) { ready <- u }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		// Stopped, serve says so and leaves none of its files behind.
		_, rest, ok := strings.Cut(log.String(), "Stopping: deleting the preview's files (")
		work, _, _ := strings.Cut(rest, ")\n")
		if !ok || work == "" {
			t.Errorf("serve said nothing of its files when stopped:\n%s", log.String())
		} else if _, err := os.Lstat(work); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there after serve stopped (%v)", work, err)
		}
	})
	select {
	case url = <-ready:
	case err := <-done:
		t.Fatalf("Run ended: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("not ready")
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("serving on %s, want loopback", url)
	}
	return src, url, log
}

func body(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// eventually polls until cond holds, for up to 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestEditBreakFix(t *testing.T) {
	src, url, log := startPreview(t)
	page := url + "companies/gamma/"
	if b := body(t, page); !strings.Contains(b, "Gamma&rsquo;s body") && !strings.Contains(b, "Gamma’s body") {
		t.Fatalf("first build not served: %s", b)
	}
	if !strings.Contains(body(t, page), `href="`+url+`companies/gamma/"`) {
		t.Error("canonical URL is not the local one")
	}
	file := filepath.Join(src, "content/companies/gamma.md")
	orig, _ := os.ReadFile(file)

	// Edit the body: the new text is served.
	os.WriteFile(file, []byte(strings.Replace(string(orig), "Gamma's body.", "Gamma now builds APIs.", 1)), 0o644)
	eventually(t, "the edit to be served", func() bool { return strings.Contains(body(t, page), "Gamma now builds APIs.") })

	// Break the front matter: open pages get the errors, the last good build stays.
	events, err := http.Get(url + "__sitegen/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	stream := bufio.NewReader(events.Body)
	time.Sleep(50 * time.Millisecond)
	os.WriteFile(file, []byte(strings.Replace(string(orig), "city = \"lahore\"", "city = \"lahor\"", 1)), 0o644)
	// The stream may still carry the "pages" event of the edit above (the search index is
	// rewritten after its page): the errors event is the one named so.
	var errorsData, kind string
	for errorsData == "" {
		line, err := stream.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if k, ok := strings.CutPrefix(line, "event: "); ok {
			kind = strings.TrimSpace(k)
		}
		if kind == "errors" && strings.HasPrefix(line, "data: [") {
			errorsData = line
		}
	}
	if !strings.Contains(errorsData, `content/companies/gamma.md:3:1: unknown city \"lahor\"`) {
		t.Errorf("errors event: %s", errorsData)
	}
	if !strings.Contains(body(t, page), "Gamma now builds APIs.") {
		t.Error("the last good build is no longer served")
	}
	eventually(t, "the error in the terminal", func() bool { return strings.Contains(log.String(), `unknown city "lahor"`) })

	// Fix it: pages are told to reload, and the fixed page is served.
	os.WriteFile(file, orig, 0o644)
	for {
		line, err := stream.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(line, "event: reload") {
			break
		}
	}
	eventually(t, "the fixed page", func() bool {
		return strings.Contains(body(t, page), "Gamma") && !strings.Contains(body(t, page), "APIs")
	})
	if _, err := os.Stat(filepath.Join(src, "public")); err == nil {
		t.Error("serve wrote the site's public/ folder")
	}
}

func TestStylesheetEditSwapsCSS(t *testing.T) {
	src, url, _ := startPreview(t)
	events, err := http.Get(url + "__sitegen/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	stream := bufio.NewReader(events.Body)
	if line, _ := stream.ReadString('\n'); !strings.HasPrefix(line, "retry:") {
		t.Fatalf("stream starts with %q", line)
	}
	css := filepath.Join(src, "themes/default/static/css/style.css")
	data, _ := os.ReadFile(css)
	os.WriteFile(css, append(data, []byte("\n.changed { color: #abcdef; }\n")...), 0o644)
	for {
		line, err := stream.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(line, "event: reload") {
			t.Fatal("a stylesheet edit reloaded the page instead of swapping the stylesheet")
		}
		if strings.HasPrefix(line, "event: css") {
			break
		}
	}
	if !strings.Contains(body(t, url+"css/style.css"), "#abcdef") {
		t.Error("the new stylesheet is not served")
	}
}

func TestNewFileInNewFolder(t *testing.T) {
	src, url, _ := startPreview(t)
	dir := filepath.Join(src, "content/companies/delta")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "index.md"), []byte("---\nname: Delta\ncity: bannu\nservices: [fintech]\nsummary: New.\n---\nDelta body.\n"), 0o644)
	eventually(t, "the new company", func() bool { return strings.Contains(body(t, url+"companies/delta/"), "Delta body.") })
}

// TestBrowserSeesEditsAndErrors: a page open in Chromium shows an edit without the test
// navigating, shows the error overlay naming the file when the front matter breaks, and
// drops it when the file is fixed.
func TestBrowserSeesEditsAndErrors(t *testing.T) {
	ctx := browsertest.Start(t)
	src, url, log := startPreview(t)
	defer func() {
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	}()
	file := filepath.Join(src, "content/companies/gamma.md")
	orig, _ := os.ReadFile(file)
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url+"companies/gamma/"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	text := func() string {
		s, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.body.innerText`))
		if err != nil {
			return ""
		}
		return s
	}
	overlay := func() string {
		s, _ := chromedp.Run(tctx, chromedp.Evaluate[string](`(document.getElementById("sitegen-errors") || {}).textContent || ""`))
		return s
	}
	// Wait until the page's event stream is connected before editing.
	connected := func() bool {
		ok, _ := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.documentElement.getAttribute("data-sitegen-live") === "connected"`))
		return ok
	}
	eventually(t, "the live-reload stream", connected)

	os.WriteFile(file, []byte(strings.Replace(string(orig), "Gamma's body.", "Gamma now ships mobile apps.", 1)), 0o644)
	eventually(t, "the edit in the open page", func() bool { return strings.Contains(text(), "Gamma now ships mobile apps.") })

	eventually(t, "the reloaded page's stream", connected)
	os.WriteFile(file, []byte(strings.Replace(string(orig), "city = \"lahore\"", "city = \"lahor\"", 1)), 0o644)
	eventually(t, "the error overlay", func() bool { return strings.Contains(overlay(), "content/companies/gamma.md:3:1") })

	os.WriteFile(file, orig, 0o644)
	eventually(t, "the overlay to go", func() bool { return overlay() == "" && strings.Contains(text(), "Gamma") })
}

func TestListenNetwork(t *testing.T) {
	for bind, want := range map[string]string{"0.0.0.0": "tcp4", "127.0.0.1": "tcp4", "192.168.1.2": "tcp4", "::": "tcp6", "::1": "tcp6", "localhost": "tcp"} {
		if got := listenNetwork(bind); got != want {
			t.Errorf("listenNetwork(%q) = %s, want %s", bind, got, want)
		}
	}
}

// Saves that arrive while a whole-site build runs are not lost: the build is superseded
// and the page ends up showing the last save (issue 14.8: serve keeps taking saves).
func TestSavesDuringAFullBuild(t *testing.T) {
	src, url, log := startPreview(t)
	cfg := filepath.Join(src, "content/site.yaml")
	orig, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A site.yaml edit is a whole-site build; a burst of them, each a few milliseconds
	// apart (past the watcher's quiet window), lands while one is running.
	for i := 1; i <= 5; i++ {
		title := "Title number " + string(rune('0'+i))
		os.WriteFile(cfg, []byte(strings.Replace(string(orig), "title: ", "title: "+title+" ", 1)), 0o644)
		time.Sleep(25 * time.Millisecond)
	}
	eventually(t, "the last title", func() bool { return strings.Contains(body(t, url), "Title number 5") })
	if strings.Contains(log.String(), "context canceled") {
		t.Errorf("a superseded build was reported as an error:\n%s", log.String())
	}
}

// Saves by rename are edits of the saved file, not a new site: vim's (a "4913" probe, the
// file renamed to "~", a new file written) and an atomic save's (a temporary file renamed
// over the original) re-render the file's pages alone.
func TestRenameSavesArePatched(t *testing.T) {
	src, url, log := startPreview(t)
	dir := filepath.Join(src, "content/companies")
	file := filepath.Join(dir, "gamma.md")
	orig, _ := os.ReadFile(file)
	page := url + "companies/gamma/"
	saves := map[string]func(data []byte){
		"vim": func(data []byte) {
			probe := filepath.Join(dir, "4913")
			os.WriteFile(probe, nil, 0o644)
			os.Remove(probe)
			os.Rename(file, file+"~")
			os.WriteFile(file, data, 0o644)
			os.Remove(file + "~")
		},
		"atomic": func(data []byte) {
			tmp := file + ".tmp48213"
			os.WriteFile(tmp, data, 0o644)
			os.Rename(tmp, file)
		},
		"jetbrains": func(data []byte) {
			tmp, old := file+"___jb_tmp___", file+"___jb_old___"
			os.WriteFile(tmp, data, 0o644)
			os.Rename(file, old)
			os.Rename(tmp, file)
			os.Remove(old)
		},
	}
	for _, name := range []string{"vim", "atomic", "jetbrains"} {
		before := strings.Count(log.String(), "Built ")
		marker := "Saved by " + name + " here."
		saves[name]([]byte(strings.Replace(string(orig), "Gamma's body.", marker, 1)))
		eventually(t, name+" save to be served", func() bool { return strings.Contains(body(t, page), marker) })
		time.Sleep(100 * time.Millisecond) // let any further change set arrive
		if after := strings.Count(log.String(), "Built "); after != before {
			t.Errorf("%s save rebuilt the whole site:\n%s", name, log.String())
		}
	}
}

// TestEveryPageUpToDateOnceApplied: once the edit is applied (the edited page is shown
// before that), every other page it reaches shows it on the first request: the ones the
// edit left for later are written when asked for.
func TestEveryPageUpToDateOnceApplied(t *testing.T) {
	// The background writer waits a second: pages asked for meanwhile are written on demand.
	testHookBeforeSettle = func() { time.Sleep(time.Second) }
	t.Cleanup(func() { testHookBeforeSettle = func() {} })
	src, url, log := startPreview(t)
	file := filepath.Join(src, "content/companies/gamma.md")
	orig, _ := os.ReadFile(file)
	for i, name := range []string{"Gamma Renamed Labs", "Gamma Twice Renamed"} {
		data := strings.Replace(string(orig), `name = "Gamma Labs"`, `name = "`+name+`"`, 1)
		if data == string(orig) {
			t.Fatal("the test site's gamma.md has no name line to change")
		}
		applied := strings.Count(log.String(), "Rebuilt ")
		os.WriteFile(file, []byte(data), 0o644)
		eventually(t, "the edited page", func() bool { return strings.Contains(body(t, url+"companies/gamma/"), name) })
		eventually(t, "the edit to be applied", func() bool { return strings.Count(log.String(), "Rebuilt ") > applied })
		for _, page := range []string{"companies/page/2/", "cities/lahore/", "services/web-development/"} {
			if got := body(t, url+page); !strings.Contains(got, name) {
				t.Errorf("edit %d: /%s does not show %q once the edit is applied", i, page, name)
			}
		}
	}
}

// TestTemplateEditBreakFix: an edit of a layout is shown without a whole build; a broken
// one is reported at its line while the last good pages stay served, and fixing it shows.
func TestTemplateEditBreakFix(t *testing.T) {
	src, url, log := startPreview(t)
	page := url + "companies/gamma/"
	layout := filepath.Join(src, "themes/default/layouts/company.html")
	orig, _ := os.ReadFile(layout)
	builds := strings.Count(log.String(), "Built ")
	os.WriteFile(layout, []byte(strings.Replace(string(orig), "</article>", "<p>Layout edited.</p></article>", 1)), 0o644)
	eventually(t, "the layout edit", func() bool { return strings.Contains(body(t, page), "Layout edited.") })
	eventually(t, "a listing made again", func() bool { return strings.Contains(body(t, url+"companies/page/2/"), "Gamma") })

	os.WriteFile(layout, []byte(strings.Replace(string(orig), "</article>", "{{if}}</article>", 1)), 0o644)
	eventually(t, "the template error", func() bool { return strings.Contains(log.String(), "themes/default/layouts/company.html:") })
	if !strings.Contains(body(t, page), "Layout edited.") {
		t.Error("the last good pages are no longer served")
	}
	os.WriteFile(layout, orig, 0o644)
	eventually(t, "the fixed layout", func() bool {
		b := body(t, page)
		return strings.Contains(b, "Gamma") && !strings.Contains(b, "Layout edited.")
	})
	if after := strings.Count(log.String(), "Built "); after != builds {
		t.Errorf("a layout edit rebuilt the whole site:\n%s", log.String())
	}
}
