package site

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pseb/sitegen/generator/buildcache"
	"github.com/pseb/sitegen/generator/render"
)

// ciOptions are the options the publish workflow builds with, and its build cache.
func ciOptions(t *testing.T, src string) Options {
	return Options{Source: src, Dest: filepath.Join(t.TempDir(), "public"), Fingerprint: true, Precompress: true,
		LazyBodies: true, BuildCache: filepath.Join(t.TempDir(), "cache"), CacheDir: testCacheDir}
}

// cleanBuild builds src with opts but no cache into a folder of its own.
func cleanBuild(t *testing.T, opts Options) (string, error) {
	t.Helper()
	opts.BuildCache = ""
	opts.Dest = filepath.Join(t.TempDir(), "clean")
	_, err := build(t, opts)
	return opts.Dest, err
}

// TestCachedBuildsEqualCleanBuilds makes random edits of every kind (one to three between
// two builds, as between two pushes) and builds each time as CI does with the cache of the
// build before: the output must equal a clean build's byte for byte, and a build that
// fails leaves the output as it was.
func TestCachedBuildsEqualCleanBuilds(t *testing.T) {
	t.Parallel() // long, and shares nothing with other tests but the content-keyed cache
	for _, tc := range []struct {
		name  string
		langs bool
		seed  int64
	}{{"one language", false, 11}, {"three languages", true, 12}} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !tc.langs {
				t.Skip("-short: three languages only; the full lane builds a one-language site too")
			}
			src := testSite(t)
			if tc.langs {
				src = multiLangSite(t)
			}
			opts := ciOptions(t, src)
			sum, err := build(t, opts)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Cache.Used || sum.Cache.Reason != "no earlier build is cached" {
				t.Fatalf("first build: %+v, want a whole build for want of a cache", sum.Cache)
			}
			e := &editor{t: t, src: src, r: rand.New(rand.NewSource(tc.seed))}
			used, failed, written, patched := 0, 0, 0, 0
			rounds := shortOr(30, 3)
			for i := range rounds {
				var whats []string
				for k := 0; k < 1+e.r.Intn(3); k++ {
					what, _ := e.edit(i*3+k, tc.langs)
					whats = append(whats, what)
				}
				what := fmt.Sprintf("build %d (%s)", i, strings.Join(whats, "; "))
				before := snapshot(t, opts.Dest)
				sum, err := build(t, opts)
				clean, cerr := cleanBuild(t, opts)
				switch {
				case cerr != nil && err == nil:
					t.Fatalf("%s: a clean build fails (%v), the cached one did not", what, cerr)
				case cerr != nil:
					after := snapshot(t, opts.Dest)
					if len(after) != len(before) {
						t.Fatalf("%s: the build failed, yet the output changed", what)
					}
					for f, data := range after {
						if before[f] != data {
							t.Fatalf("%s: the build failed, yet %s changed", what, f)
						}
					}
					failed++
					continue
				case err != nil:
					t.Fatalf("%s: %v", what, err)
				}
				compareTrees(t, what, opts.Dest, clean)
				if sum.Cache.Used {
					used++
					written += sum.Cache.Written
					if sum.Plan != nil && indexPatched(sum.Plan) {
						patched++ // its search index made from the cached build's memo
					}
				}
			}
			t.Logf("%d builds: %d from the cache (%d files written, %d with the search index patched), %d failed as a clean build did", rounds, used, written, patched, failed)
			if !testing.Short() && (used < 8 || failed == 0 || patched == 0) {
				t.Fatalf("the cache was used in %d builds (%d patched the index) and %d failed: the test no longer covers all three", used, patched, failed)
			}
		})
	}
}

// TestCachedOneFileEdits: each kind of one-file edit, built from the cache of the build
// before it, equals a clean build and writes only part of the site.
func TestCachedOneFileEdits(t *testing.T) {
	t.Parallel() // long, and shares nothing with other tests but the content-keyed cache
	src := multiLangSite(t)
	e := &editor{t: t, src: src}
	// Enough companies that an edit of one reaches only some profiles' related lists.
	for i := range 24 {
		e.write(fmt.Sprintf("content/companies/many-%02d.md", i), e.company(cities[i%2], services[i/2%2], parks[i%3]))
	}
	opts := ciOptions(t, src)
	sum, err := build(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	all := int(sum.Files)
	cases := []struct {
		name string
		edit func()
		most int // files written, when it matters
		// patched: the search index is made from the one the cached build made (the
		// companies stay where they were).
		patched bool
	}{
		{"company body", func() {
			e.write("content/companies/gamma.md", e.read("content/companies/gamma.md")+"\nA new paragraph.\n")
		}, 0, true},
		{"translation body", func() {
			e.write("content/companies/acme/index.zh.md", e.read("content/companies/acme/index.zh.md")+"\n新的段落。\n")
		}, 0, true},
		// A name moves the company in every listing and on the related lists showing it,
		// not on the others: 207 files when every profile was drawn again, before the
		// search index had vocab files; 141 then, 197 with them (the index's files, with
		// their compressed siblings, in three languages); 254 with its cards (4 a chunk)
		// and texts (then 2 a chunk, now 4) in files apart, those after the new name's place renamed;
		// 255 with the translated companies of each language (search.universe); 372
		// since files are counted as the summary's total counts them, compressed
		// siblings included, index files kept as they were left out; 351 with texts in
		// buckets by slug (a name leaves its bucket's bytes as they were).
		{"company name", func() { e.setField("content/companies/beta.md", "name", `"Zeta Beta"`) }, 351, false},
		// (beta was in Bannu: a city it already had wrote nothing, rightly, and passed only while
		// kept index files counted as written.)
		{"company city", func() { e.setField("content/companies/beta.md", "city", `"lahore"`) }, 0, true},
		{"new company", func() { e.write("content/companies/delta.md", e.company("lahore", "fintech", "lahore-park")) }, 0, false},
		{"deleted company", func() { os.Remove(filepath.Join(src, "content/companies/delta.md")) }, 0, false},
		{"park body", func() { e.write("content/parks/lahore-park.md", e.read("content/parks/lahore-park.md")+"\nMore.\n") }, 0, false},
		{"page body", func() { e.write("content/pages/about.md", e.read("content/pages/about.md")+"\nMore.\n") }, 0, false},
		{"dataset", func() {
			e.write("content/data/graduates.csv", regexp.MustCompile(`(?m)^Bannu,.*$`).ReplaceAllString(e.read("content/data/graduates.csv"), "Bannu,999"))
		}, 0, false},
	}
	for i, tc := range cases {
		tc.edit()
		sum, err := build(t, opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if tc.most == 0 {
			tc.most = all / 2
		}
		if !sum.Cache.Used || sum.Cache.Changed != 1 || sum.Cache.Written+sum.Cache.Removed == 0 || sum.Cache.Written > tc.most {
			t.Fatalf("%s: %+v, want the cache used for one changed file, writing part of %d files", tc.name, sum.Cache, all)
		}
		if tc.patched && !indexPatched(sum.Plan) {
			t.Errorf("%s: the search index was made whole, not from the cached build's", tc.name)
		}
		if testing.Short() && i < len(cases)-1 {
			continue // the fast lane compares the tree with a clean build after the last edit only
		}
		clean, err := cleanBuild(t, opts)
		if err != nil {
			t.Fatal(err)
		}
		compareTrees(t, tc.name, opts.Dest, clean)
		// Every edit leaves the search documents for the next: without them the next
		// company edit would convert every body again.
		st := state(t, opts.BuildCache)
		// And the output as it is, its folders' times too: the next build's check stats
		// them instead of listing the output.
		files, folders, err := buildcache.ListOutput(opts.Dest)
		if err != nil || !maps.Equal(files, st.Output) || !maps.Equal(folders, st.Folders) {
			t.Fatalf("%s: the state's output list is not the output (%v)", tc.name, err)
		}
		data, err := os.ReadFile(filepath.Join(opts.BuildCache, st.Files["search"].Name))
		if err != nil {
			t.Fatal(err)
		}
		companies, memos, err := render.DocsContents(bytes.NewReader(data))
		if err != nil || companies["en"] < 3 {
			t.Fatalf("%s: the cache keeps no search documents (%v, %v)", tc.name, companies, err)
		}
		// And what the next build patches its search indexes from.
		if len(memos) != 3 {
			t.Fatalf("%s: the cache keeps the search index memos of %d languages, want 3", tc.name, len(memos))
		}
		for code, memo := range memos {
			if len(memo.Docs) < 3 || len(memo.Encoded) == 0 {
				t.Fatalf("%s: the %s memo has %d documents, %d terms", tc.name, code, len(memo.Docs), len(memo.Encoded))
			}
		}
	}
}

// TestDamagedCacheIsIgnored: a cache or an output folder that is not what the cached build
// left is never trusted: the build is whole, says why, and equals a clean build.
func TestDamagedCacheIsIgnored(t *testing.T) {
	t.Parallel() // long, and shares nothing with other tests but the content-keyed cache
	const edited, unchanged = "content/companies/gamma.md", "content/companies/beta.md"
	for i, tc := range []struct {
		name    string
		damage  func(t *testing.T, cache, dest string)
		corrupt bool
		reason  string
	}{
		{"state truncated", func(t *testing.T, cache, dest string) { truncate(t, filepath.Join(cache, "state"), 0.5) }, true, "truncated or damaged"},
		{"state empty", func(t *testing.T, cache, dest string) { truncate(t, filepath.Join(cache, "state"), 0) }, true, "truncated or damaged"},
		{"state byte changed", func(t *testing.T, cache, dest string) { flip(t, filepath.Join(cache, "state"), 200) }, true, "truncated or damaged"},
		{"copy of the sources truncated", func(t *testing.T, cache, dest string) { truncate(t, pack(t, cache), 0.5) }, true, "truncated"},
		{"copy of the sources missing", func(t *testing.T, cache, dest string) { os.Remove(pack(t, cache)) }, true, "missing"},
		{"copy of an edited source damaged", func(t *testing.T, cache, dest string) {
			st := state(t, cache)
			flip(t, pack(t, cache), st.Sources[edited].Offset+3)
		}, true, "damaged"},
		{"copy of an unchanged source damaged", func(t *testing.T, cache, dest string) {
			// Kept from the scan before, unread, since its stat did not change (the site
			// was written more than the racy window before the first build).
			st := state(t, cache)
			flip(t, filepath.Join(cache, st.Sources[unchanged].Pack), st.Sources[unchanged].Offset+3)
		}, true, "damaged"},
		{"search documents damaged", func(t *testing.T, cache, dest string) {
			flip(t, filepath.Join(cache, state(t, cache).Files["search"].Name), 100)
		}, true, "its search file is damaged"},
		{"front matter damaged", func(t *testing.T, cache, dest string) {
			flip(t, filepath.Join(cache, state(t, cache).Files["heads"].Name), 100)
		}, true, "its heads file is damaged"},
		{"front matter additions damaged", func(t *testing.T, cache, dest string) {
			flip(t, filepath.Join(cache, state(t, cache).Files["heads-added"].Name), 10)
		}, true, "its heads-added file is damaged"},
		{"search documents missing", func(t *testing.T, cache, dest string) {
			os.Remove(filepath.Join(cache, state(t, cache).Files["search"].Name))
		}, true, "its search file is missing"},
		{"output file deleted", func(t *testing.T, cache, dest string) {
			os.Remove(filepath.Join(dest, "companies/beta/index.html"))
		}, false, "companies/beta/index.html is missing"},
		{"output file truncated", func(t *testing.T, cache, dest string) {
			truncate(t, filepath.Join(dest, "companies/index.html"), 0.5)
		}, false, "companies/index.html was changed"},
		{"output file truncated, no source edited", func(t *testing.T, cache, dest string) {
			truncate(t, filepath.Join(dest, "companies/index.html"), 0.5)
		}, false, "companies/index.html was changed"},
		{"output file added", func(t *testing.T, cache, dest string) {
			os.WriteFile(filepath.Join(dest, "stray.html"), []byte("stray"), 0o644)
		}, false, "stray.html was added"},
		{"output folder gone", func(t *testing.T, cache, dest string) { os.RemoveAll(dest) }, false, "not the one the cached build wrote"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && i%3 != 0 {
				t.Skip("-short: a third of the damages; the full lane makes them all")
			}
			src := testSite(t)
			opts := ciOptions(t, src)
			if strings.Contains(tc.name, "unchanged") {
				// Until the stats of files written just now can be trusted (the scan
				// reads every file written within two seconds of it).
				time.Sleep(2100 * time.Millisecond)
			}
			if _, err := build(t, opts); err != nil {
				t.Fatal(err)
			}
			e := &editor{t: t, src: src}
			if strings.Contains(tc.name, "front matter") {
				// Only a build from the cache keeps the parsed front matter.
				e.write(edited, e.read(edited)+"\nA first paragraph.\n")
				if sum, err := build(t, opts); err != nil || !sum.Cache.Used || state(t, opts.BuildCache).Files["heads"].Name == "" {
					t.Fatalf("a build from the cache: %v, %+v; it kept no front matter", err, sum.Cache)
				}
			}
			if strings.Contains(tc.name, "additions") {
				// The next keeps that build's front matter and writes what it lacks.
				e.write(edited, e.read(edited)+"\nA second paragraph.\n")
				sum, err := build(t, opts)
				if st := state(t, opts.BuildCache); err != nil || !sum.Cache.Used || st.Files["heads-added"].Name == "" {
					t.Fatalf("a second build from the cache: %v, %+v; it wrote no additions (%v)", err, sum.Cache, st.Files)
				}
			}
			if !strings.Contains(tc.name, "no source edited") {
				e.write(edited, e.read(edited)+"\nA new paragraph.\n")
			}
			if tc.name == "copy of an unchanged source damaged" && runtime.GOOS == "linux" && state(t, opts.BuildCache).Sources[unchanged].Stat == (buildcache.FileStat{}) {
				t.Fatalf("%s: the scan kept no stat of a file written long before", unchanged)
			}
			tc.damage(t, opts.BuildCache, opts.Dest)
			sum, err := build(t, opts)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Cache.Used || sum.Cache.Corrupt != tc.corrupt || !strings.Contains(sum.Cache.Reason, tc.reason) {
				t.Fatalf("cache use %+v, want a whole build (corrupt: %v) because %q", sum.Cache, tc.corrupt, tc.reason)
			}
			clean, err := cleanBuild(t, opts)
			if err != nil {
				t.Fatal(err)
			}
			compareTrees(t, tc.name, opts.Dest, clean)
			// The cache made again is trusted by the next build.
			e.write(edited, e.read(edited)+"\nOne more.\n")
			if sum, err := build(t, opts); err != nil || !sum.Cache.Used {
				t.Fatalf("the build after: %v, %+v; want the cache made again used", err, sum.Cache)
			}
		})
	}
}

// TestCacheKey: a cache is used only under the options it was made with.
func TestCacheKey(t *testing.T) {
	src := testSite(t)
	opts := ciOptions(t, src)
	if _, err := build(t, opts); err != nil {
		t.Fatal(err)
	}
	other := opts
	other.Drafts = true
	sum, err := build(t, other)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cache.Used || sum.Cache.Corrupt || !strings.Contains(sum.Cache.Reason, "other options") {
		t.Fatalf("drafts on: %+v, want a whole build for other options", sum.Cache)
	}
	clean, err := cleanBuild(t, other)
	if err != nil {
		t.Fatal(err)
	}
	compareTrees(t, "drafts on", other.Dest, clean)
}

// TestScheduledNewsEndsTheCache: news dated in the future is published by the first build
// on or after its date, although no file changed.
func TestScheduledNewsEndsTheCache(t *testing.T) {
	src := testSite(t)
	e := &editor{t: t, src: src}
	e.write("content/news/later.md", "---\ntitle: Later\ndate: "+testNow.AddDate(0, 0, 2).Format("2006-01-02")+"\nsummary: Not yet.\n---\n\nSoon.\n")
	opts := ciOptions(t, src)
	if _, err := build(t, opts); err != nil {
		t.Fatal(err)
	}
	if sum, err := build(t, opts); err != nil || !sum.Cache.Used {
		t.Fatalf("the next day: %v, %+v; want the cache used", err, sum.Cache)
	}
	opts.Now = testNow.AddDate(0, 0, 3)
	sum, err := build(t, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cache.Used || !strings.Contains(sum.Cache.Reason, "is due") {
		t.Fatalf("after the date: %+v, want a whole build", sum.Cache)
	}
	if _, err := os.Stat(filepath.Join(opts.Dest, "news/later/index.html")); err != nil {
		t.Fatalf("the news that came due is not published: %v", err)
	}
}

// TestCacheOutsideTheSources: a cache folder the build would publish, replace or read as
// content is refused.
func TestCacheOutsideTheSources(t *testing.T) {
	src := testSite(t)
	for _, dir := range []string{filepath.Join(src, "public", "cache"), filepath.Join(src, "content", ".cache"), filepath.Join(src, "themes")} {
		_, err := build(t, Options{Source: src, BuildCache: dir})
		var usage *UsageError
		if !asUsage(err, &usage) || !strings.Contains(usage.Msg, "choose another --cache-dir") {
			t.Errorf("cache in %s: %v, want a usage error", dir, err)
		}
	}
}

func asUsage(err error, target **UsageError) bool {
	u, ok := err.(*UsageError)
	*target = u
	return ok
}

func truncate(t *testing.T, file string, keep float64) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data[:int(float64(len(data))*keep)], 0o644); err != nil {
		t.Fatal(err)
	}
}

func flip(t *testing.T, file string, at int64) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	data[at] ^= 0x20
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func state(t *testing.T, cache string) *buildcache.State {
	t.Helper()
	st, err := buildcache.Open(cache).Peek()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// pack is the cache's base pack, which holds every source after a whole build.
func pack(t *testing.T, cache string) string {
	return filepath.Join(cache, state(t, cache).Base)
}

// indexPatched reports whether a renderer of p made its search index from the one before.
func indexPatched(p *Plan) bool {
	for _, r := range p.renderers {
		if r.IndexMemo().Patched() {
			return true
		}
	}
	return false
}
