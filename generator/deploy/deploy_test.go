package deploy

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gocloud.dev/blob"

	"github.com/pseb/sitegen/generator/config"
	"github.com/pseb/sitegen/generator/hostpolicy"
	"github.com/pseb/sitegen/generator/output"
)

// sampleSite is a small built site with a file of every kind a build writes.
func sampleSite() map[string]string {
	big := strings.Repeat("<p>Software exports from Pakistan.</p>", 60)
	site := map[string]string{
		"index.html":                         "<!doctype html><title>Home</title>" + big,
		"404.html":                           "<!doctype html><title>Not found</title>",
		"companies/acme/index.html":          "<!doctype html><title>Acme</title>" + big,
		"companies/bannu-digital/index.html": "<!doctype html><title>Bannu Digital</title>",
		"zh/index.html":                      "<!doctype html><title>首页</title>",
		"assets/css/style.0123456789.css":    "body{margin:0}",
		"assets/js/search.abcdef0123.js":     "console.log(1)",
		"favicon.svg":                        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
		"search/index.json":                  `{"docs":"docs.a1b2c3d4e5.json"}`,
		"search/docs.a1b2c3d4e5.json":        `[]`,
		"sitemap.xml":                        "<urlset/>",
		"feed.xml":                           "<rss/>",
		"robots.txt":                         "User-agent: *\n",
		"_headers":                           "/*\n  X-Frame-Options: DENY\n",
		"_redirects":                         "/old/ /new/ 301\n",
		"image.bin":                          "\x00\x01",
	}
	// The build's precompressed sibling: not stored itself, but used for a gzip rule.
	gz, err := output.Gzip([]byte(site["index.html"]))
	if err != nil {
		panic(err)
	}
	site["index.html.gz"] = string(gz)
	return site
}

// deployed are the keys a deploy of sampleSite stores: not the host files or siblings.
func deployed() []string {
	var keys []string
	for k := range sampleSite() {
		if !hostFiles[k] && !strings.HasSuffix(k, ".gz") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fileTarget is an empty folder as a file:// target.
func fileTarget(t *testing.T) string {
	return "file://" + filepath.ToSlash(t.TempDir())
}

type stored struct {
	md5, contentType, cacheControl, contentEncoding string
	body                                            []byte
}

// remote reads back every object under the target: keys, bodies and headers.
func remote(t *testing.T, target string) map[string]stored {
	t.Helper()
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	out := map[string]stored{}
	it := b.List(nil)
	for {
		o, err := it.Next(ctx)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if o.Key == ManifestKey {
			continue
		}
		a, err := b.Attributes(ctx, o.Key)
		if err != nil {
			t.Fatal(err)
		}
		body, err := b.ReadAll(ctx, o.Key)
		if err != nil {
			t.Fatal(err)
		}
		sum := md5.Sum(body)
		out[o.Key] = stored{md5: hex.EncodeToString(sum[:]), contentType: a.ContentType, cacheControl: a.CacheControl, contentEncoding: a.ContentEncoding, body: body}
	}
}

func run(t *testing.T, o Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("deploy: %v", err)
	}
	return res
}

func keysOf(r *Result) []string {
	var keys []string
	for _, f := range r.Plan.Uploads {
		keys = append(keys, f.Key)
	}
	slices.Sort(keys)
	return keys
}

func TestDeployFile(t *testing.T) { testDeploy(t, fileTarget) }

// testDeploy is every case of a deploy, against the store newTarget makes (a folder here, a
// real S3 server in versitygw_test.go).
func testDeploy(t *testing.T, newTarget func(*testing.T) string) {
	t.Run("first uploads all, second nothing", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		writeSite(t, dir, sampleSite())
		o := Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes}
		first := run(t, o)
		if got := keysOf(first); !slices.Equal(got, deployed()) {
			t.Fatalf("first deploy uploaded\n%v\nwant\n%v", got, deployed())
		}
		if first.Uploaded != len(deployed()) || first.Plan.Unchanged != 0 {
			t.Errorf("first: uploaded %d, unchanged %d", first.Uploaded, first.Plan.Unchanged)
		}
		got := remote(t, target)
		if !slices.Equal(slices.Sorted(maps.Keys(got)), deployed()) {
			t.Fatalf("stored %v", slices.Sorted(maps.Keys(got)))
		}
		for k, s := range got {
			if string(s.body) != sampleSite()[k] {
				t.Errorf("%s stored %q", k, s.body)
			}
		}
		second := run(t, o)
		if second.Uploaded != 0 || second.Deleted != 0 || second.Plan.Unchanged != len(deployed()) {
			t.Errorf("second deploy: uploaded %d, deleted %d, unchanged %d", second.Uploaded, second.Deleted, second.Plan.Unchanged)
		}
		if second.Plan.Verified != 0 {
			t.Errorf("second deploy read the metadata of %d objects; the manifest vouches for all", second.Plan.Verified)
		}
	})

	t.Run("an object changed by someone else is noticed", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		writeSite(t, dir, sampleSite())
		o := Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes}
		run(t, o)
		ctx := context.Background()
		b, err := blob.OpenBucket(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		// Same size, other bytes, written by another tool: no sitegen metadata.
		if err := b.WriteAll(ctx, "robots.txt", []byte("User-agent: x\n"), nil); err != nil {
			t.Fatal(err)
		}
		res := run(t, o)
		if got := keysOf(res); !slices.Equal(got, []string{"robots.txt"}) || res.Plan.Verified != 1 {
			t.Errorf("uploaded %v after reading %d objects' metadata; want robots.txt after 1", got, res.Plan.Verified)
		}
		if string(remote(t, target)["robots.txt"].body) != sampleSite()["robots.txt"] {
			t.Error("robots.txt was not restored")
		}
		// A manifest that cannot be read: every object is checked by its metadata.
		if err := b.WriteAll(ctx, ManifestKey, []byte("{not json"), nil); err != nil {
			t.Fatal(err)
		}
		res = run(t, o)
		if res.Uploaded != 0 || res.Plan.Verified != len(deployed()) {
			t.Errorf("with a broken manifest: uploaded %d, verified %d", res.Uploaded, res.Plan.Verified)
		}
		if res := run(t, o); res.Plan.Verified != 0 {
			t.Errorf("the manifest was not rewritten: %d objects verified", res.Plan.Verified)
		}
	})

	t.Run("edit one page, delete one company", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		site := sampleSite()
		writeSite(t, dir, site)
		o := Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes, ChangedList: filepath.Join(t.TempDir(), "changed.txt")}
		run(t, o)
		writeSite(t, dir, map[string]string{"companies/acme/index.html": "<!doctype html><title>Acme Software</title>"})
		if err := os.RemoveAll(filepath.Join(dir, "companies/bannu-digital")); err != nil {
			t.Fatal(err)
		}
		res := run(t, o)
		if got := keysOf(res); !slices.Equal(got, []string{"companies/acme/index.html"}) {
			t.Errorf("uploaded %v, want only the edited page", got)
		}
		if !slices.Equal(res.Plan.Deletes, []string{"companies/bannu-digital/index.html"}) || res.Deleted != 1 {
			t.Errorf("deleted %v (%d)", res.Plan.Deletes, res.Deleted)
		}
		got := remote(t, target)
		if _, ok := got["companies/bannu-digital/index.html"]; ok {
			t.Error("the deleted company is still stored")
		}
		if string(got["companies/acme/index.html"].body) != "<!doctype html><title>Acme Software</title>" {
			t.Error("the edit was not stored")
		}
		list, err := os.ReadFile(o.ChangedList)
		if err != nil {
			t.Fatal(err)
		}
		if want := "/companies/acme/\n/companies/bannu-digital/\n"; string(list) != want {
			t.Errorf("changed list %q, want %q", list, want)
		}
	})

	t.Run("headers", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		writeSite(t, dir, sampleSite())
		run(t, Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes})
		got := remote(t, target)
		for _, tt := range []struct{ key, contentType, cacheControl string }{
			{"index.html", "text/html; charset=utf-8", hostpolicy.RevalidateCache},
			{"companies/acme/index.html", "text/html; charset=utf-8", hostpolicy.RevalidateCache},
			{"assets/css/style.0123456789.css", "text/css; charset=utf-8", hostpolicy.ImmutableCache},
			{"assets/js/search.abcdef0123.js", "text/javascript; charset=utf-8", hostpolicy.ImmutableCache},
			{"search/docs.a1b2c3d4e5.json", "application/json; charset=utf-8", hostpolicy.ImmutableCache},
			{"search/index.json", "application/json; charset=utf-8", hostpolicy.RevalidateCache},
			{"sitemap.xml", "application/xml; charset=utf-8", hostpolicy.RevalidateCache},
			{"favicon.svg", "image/svg+xml; charset=utf-8", hostpolicy.RevalidateCache},
			{"robots.txt", "text/plain; charset=utf-8", hostpolicy.RevalidateCache},
			{"image.bin", "application/octet-stream", hostpolicy.RevalidateCache},
		} {
			s := got[tt.key]
			if s.contentType != tt.contentType || s.cacheControl != tt.cacheControl || s.contentEncoding != "" {
				t.Errorf("%s: Content-Type %q, Cache-Control %q, Content-Encoding %q; want %q, %q", tt.key, s.contentType, s.cacheControl, s.contentEncoding, tt.contentType, tt.cacheControl)
			}
		}
	})

	t.Run("a changed rule re-uploads exactly the files it affects", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		writeSite(t, dir, sampleSite())
		o := Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes}
		run(t, o)
		o.Rules = []config.DeployRule{{Match: "companies/**", CacheControl: "public, max-age=300"}, {Match: "index.html", ContentEncoding: "gzip"}}
		res := run(t, o)
		want := []string{"companies/acme/index.html", "companies/bannu-digital/index.html", "index.html"}
		if got := keysOf(res); !slices.Equal(got, want) {
			t.Errorf("uploaded %v, want %v", got, want)
		}
		got := remote(t, target)
		if cc := got["companies/acme/index.html"].cacheControl; cc != "public, max-age=300" {
			t.Errorf("rule's Cache-Control not stored: %q", cc)
		}
		home := got["index.html"]
		if home.contentEncoding != "gzip" {
			t.Fatalf("index.html Content-Encoding %q", home.contentEncoding)
		}
		zr, err := gzip.NewReader(bytes.NewReader(home.body))
		if err != nil {
			t.Fatal(err)
		}
		if plain, _ := io.ReadAll(zr); string(plain) != sampleSite()["index.html"] {
			t.Errorf("gzip-encoded index.html holds %q", plain)
		}
		if res := run(t, o); res.Uploaded != 0 {
			t.Errorf("after the rule change, a third deploy uploaded %d", res.Uploaded)
		}
	})

	t.Run("max deletes", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		writeSite(t, dir, sampleSite())
		o := Options{Target: target, Dir: dir, MaxDeletes: 2}
		run(t, o)
		for _, p := range []string{"companies", "zh", "feed.xml"} {
			os.RemoveAll(filepath.Join(dir, p))
		}
		writeSite(t, dir, map[string]string{"news/index.html": "<!doctype html><title>News</title>"})
		before := remote(t, target)
		res, err := Run(context.Background(), o)
		var tooMany *TooManyDeletesError
		if !errors.As(err, &tooMany) || tooMany.Deletes != 4 || tooMany.Max != 2 {
			t.Fatalf("err %v, want refusal of 4 deletes", err)
		}
		if res.Uploaded != 0 || res.Deleted != 0 || !sameStore(before, remote(t, target)) {
			t.Error("a refused deploy changed the store")
		}
		o.Force = true
		res = run(t, o)
		if res.Deleted != 4 || res.Uploaded != 1 {
			t.Errorf("forced: deleted %d, uploaded %d", res.Deleted, res.Uploaded)
		}
	})

	t.Run("dry run changes nothing", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		writeSite(t, dir, sampleSite())
		o := Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes}
		run(t, o)
		writeSite(t, dir, map[string]string{"companies/acme/index.html": "changed", "new.html": "new"})
		os.Remove(filepath.Join(dir, "feed.xml"))
		before := remote(t, target)
		o.DryRun = true
		o.ChangedList = filepath.Join(t.TempDir(), "changed.txt")
		res := run(t, o)
		if !sameStore(before, remote(t, target)) {
			t.Error("a dry run changed the store")
		}
		if got := keysOf(res); !slices.Equal(got, []string{"companies/acme/index.html", "new.html"}) || !slices.Equal(res.Plan.Deletes, []string{"feed.xml"}) {
			t.Errorf("plan: upload %v, delete %v", got, res.Plan.Deletes)
		}
		if res.Uploaded != 0 || res.Deleted != 0 || res.Plan.Unchanged != len(deployed())-2 {
			t.Errorf("dry run: uploaded %d, deleted %d, unchanged %d", res.Uploaded, res.Deleted, res.Plan.Unchanged)
		}
		if list, _ := os.ReadFile(o.ChangedList); string(list) != "/companies/acme/\n/feed.xml\n/new.html\n" {
			t.Errorf("dry run's changed list %q", list)
		}
	})

	t.Run("interrupted then rerun converges", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		writeSite(t, dir, sampleSite())
		o := Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes}
		run(t, o)
		// A new version of every page and a file that is gone: an interrupted deploy must
		// delete nothing, and the rerun must finish the job.
		site := manyPages(200)
		writeSite(t, dir, site)
		os.Remove(filepath.Join(dir, "feed.xml"))
		stop := make(chan struct{})
		afterUploads(t, 20, func() { close(stop) })
		o.Interrupt, o.Workers = stop, 2
		res, err := Run(context.Background(), o)
		t.Logf("interrupted after %d uploads", res.Uploaded)
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("err %v, want ErrInterrupted", err)
		}
		if res.Deleted != 0 {
			t.Errorf("an interrupted deploy deleted %d files", res.Deleted)
		}
		if _, ok := remote(t, target)["feed.xml"]; !ok {
			t.Error("an interrupted deploy deleted feed.xml")
		}
		o.Interrupt = nil
		rerun := run(t, o)
		if rerun.Uploaded+res.Uploaded != len(site) || rerun.Deleted != 1 {
			t.Errorf("rerun uploaded %d after %d (want %d in all), deleted %d", rerun.Uploaded, res.Uploaded, len(site), rerun.Deleted)
		}
		assertMirrors(t, dir, target)
	})

	t.Run("killed half-way then rerun converges", func(t *testing.T) {
		dir, target := t.TempDir(), newTarget(t)
		site := manyPages(300)
		writeSite(t, dir, sampleSite())
		writeSite(t, dir, site)
		ctx, kill := context.WithCancel(context.Background())
		// Kill the deploy (cancel every request in flight) once it has stored a few files.
		afterUploads(t, 20, kill)
		killed, err := Run(ctx, Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes, Workers: 2})
		kill()
		// A server may still finish a request whose client gave up: count once the store
		// has settled.
		storedAfterKill := settledCount(target)
		t.Logf("killed run: err %v; %d files stored", err, storedAfterKill)
		if err == nil && storedAfterKill < len(site) {
			t.Fatal("the killed deploy reported success")
		}
		_ = killed
		rerun := run(t, Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes})
		if rerun.Plan.Unchanged != storedAfterKill {
			t.Errorf("rerun: %d unchanged, but %d files were stored before the kill: every complete file must count as done", rerun.Plan.Unchanged, storedAfterKill)
		}
		assertMirrors(t, dir, target)
	})

	t.Run("refuses a missing, empty or foreign output folder", func(t *testing.T) {
		target := newTarget(t)
		empty := t.TempDir()
		notSite := t.TempDir()
		writeSite(t, notSite, map[string]string{"notes.md": "# notes"})
		for _, tt := range []struct{ dir, want string }{
			{filepath.Join(empty, "missing"), "does not exist: run sitegen build first"},
			{empty, "is empty: run sitegen build first"},
			{notSite, "has no index.html: it is not a built site"},
		} {
			_, err := Run(context.Background(), Options{Target: target, Dir: tt.dir})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: err %v, want %q", tt.dir, err, tt.want)
			}
		}
	})
}

// manyPages is a site with n company pages, enough for a deploy to be stopped half-way.
func manyPages(n int) map[string]string {
	site := map[string]string{"index.html": "<!doctype html><title>Home v2</title>"}
	for i := range n - 1 {
		site["companies/c"+strings.Repeat("x", i%7)+strconv.Itoa(i)+"/index.html"] = "<!doctype html><title>Company " + strconv.Itoa(i) + "</title>" + strings.Repeat("<p>text</p>", 200)
	}
	return site
}

// afterUploads calls f once, when the deploy under test has uploaded n files.
func afterUploads(t *testing.T, n int64, f func()) {
	var once sync.Once
	testHookUploaded = func(done int64) {
		if done >= n {
			once.Do(f)
		}
	}
	t.Cleanup(func() { testHookUploaded = func(int64) {} })
}

// settledCount is countStored once it has stayed the same for 150 ms.
func settledCount(target string) int {
	n := countStored(target)
	for same := 0; same < 3; {
		time.Sleep(50 * time.Millisecond)
		if m := countStored(target); m == n {
			same++
		} else {
			n, same = m, 0
		}
	}
	return n
}

func countStored(target string) int {
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, target)
	if err != nil {
		return 0
	}
	defer b.Close()
	n := 0
	it := b.List(nil)
	for {
		o, err := it.Next(ctx)
		if err != nil {
			return n
		}
		if o.Key != ManifestKey {
			n++
		}
	}
}

func sameStore(a, b map[string]stored) bool {
	return maps.EqualFunc(a, b, func(x, y stored) bool {
		return x.md5 == y.md5 && x.contentType == y.contentType && x.cacheControl == y.cacheControl
	})
}

// assertMirrors checks that the store holds exactly the deployable files of dir, byte for byte.
func assertMirrors(t *testing.T, dir, target string) {
	t.Helper()
	got := remote(t, target)
	want := map[string]bool{}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if hostFiles[rel] || strings.HasSuffix(rel, ".gz") {
			return nil
		}
		want[rel] = true
		b, _ := os.ReadFile(p)
		if s, ok := got[rel]; !ok || !bytes.Equal(s.body, b) {
			t.Errorf("%s is not stored as built", rel)
		}
		return nil
	})
	for k := range got {
		if !want[k] {
			t.Errorf("%s is stored but not in the site", k)
		}
	}
}

// Issue 14: an output folder given as a link is deployed as the folder it points to, and a
// scan that finds nothing, or a link inside the output, stops the deploy before it deletes.
func TestDeployNeverDeletesTheSiteByMistake(t *testing.T) {
	dir, target := t.TempDir(), fileTarget(t)
	writeSite(t, dir, sampleSite())
	run(t, Options{Target: target, Dir: dir, MaxDeletes: 1000})

	link := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(dir, link); err != nil {
		t.Skip(err)
	}
	res, err := Run(context.Background(), Options{Target: target, Dir: link, MaxDeletes: 1000, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plan.Deletes) != 0 || len(res.Plan.Uploads) != 0 {
		t.Errorf("a --dest link plans %d uploads and %d deletes, want none", len(res.Plan.Uploads), len(res.Plan.Deletes))
	}

	// A link inside the output is an error, not a file left out (and so deleted remotely).
	os.Rename(filepath.Join(dir, "feed.xml"), filepath.Join(t.TempDir(), "feed.xml"))
	os.Symlink("index.html", filepath.Join(dir, "feed.xml"))
	_, err = Run(context.Background(), Options{Target: target, Dir: dir, MaxDeletes: 1000, Force: true})
	if err == nil || !strings.Contains(err.Error(), "feed.xml is not a regular file") {
		t.Errorf("err %v", err)
	}
	if _, ok := remote(t, target)["feed.xml"]; !ok {
		t.Error("feed.xml was deleted")
	}
}
