// editlat measures how long `sitegen serve` takes from a save to the page showing it, for
// the ways editors save: in place, as vim does (a "4913" probe, the file renamed to "~", a
// new file written, the "~" removed), and atomically (a temporary file renamed over the
// original), and for the edits that move other pages: a changed name (listings reorder), a
// new company file (its page must appear) and a deleted one (its page must answer 404), a
// company moved to another city, a translation added. It appends a unique marker to a
// source file (or its name) and polls a URL until it shows.
//
//	go run ./.bench/editlat -src corpus/content/companies/company-00042.md \
//	    -url http://127.0.0.1:1313/companies/company-00042/ -style vim -n 10
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	src := flag.String("src", "", "source file to edit")
	url := flag.String("url", "", "page that shows the edit")
	style := flag.String("style", "inplace", "inplace, vim, atomic, name, city, translation, new, delete or template")
	cities := flag.String("cities", "lahore,karachi", "city IDs the city style moves the company between, in turn")
	lang := flag.String("lang", "zh", "language of the translation style's file (src's name with ."+"LANG.md; -url is its page)")
	n := flag.Int("n", 10, "edits")
	gap := flag.Duration("gap", time.Second, "pause between edits")
	timeout := flag.Duration("timeout", 60*time.Second, "per-edit timeout")
	tmpl := flag.String("template", "", "theme layout to edit (-style template): a marker goes before its </article>")
	also := flag.String("also", "", "comma-separated URLs of other pages the edit reaches (inplace, vim, atomic, name): also reports when the last of them shows it")
	flag.Parse()
	orig, err := os.ReadFile(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	restore = func() { os.WriteFile(*src, orig, 0o644) }
	defer func() { restore() }()
	save, ok := map[string]func([]byte) error{
		"inplace": func(b []byte) error { return os.WriteFile(*src, b, 0o644) },
		"vim": func(b []byte) error {
			probe := filepath.Join(filepath.Dir(*src), "4913")
			if err := os.WriteFile(probe, nil, 0o644); err != nil {
				return err
			}
			os.Remove(probe)
			if err := os.Rename(*src, *src+"~"); err != nil {
				return err
			}
			if err := os.WriteFile(*src, b, 0o644); err != nil {
				return err
			}
			return os.Remove(*src + "~")
		},
		"atomic": func(b []byte) error {
			tmp := fmt.Sprintf("%s.tmp%d", *src, time.Now().UnixNano()%100000)
			if err := os.WriteFile(tmp, b, 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, *src)
		},
	}[*style]
	// The page of a copy of src, named editlat-N.md beside it.
	newFile := func(i int) (string, string) {
		slug := fmt.Sprintf("editlat-%d", i)
		u := strings.TrimSuffix(*url, "/")
		return filepath.Join(filepath.Dir(*src), slug+".md"), u[:strings.LastIndex(u, "/")+1] + slug + "/"
	}
	status := func(u string) int {
		resp, err := http.Get(u)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// after runs once an edit shows, outside the timing.
	after := func() {}
	switch *style {
	case "name", "new", "delete":
		ok = true
	case "city":
		// The company moves to the next city, with the marker in its body.
		ids, k := strings.Split(*cities, ","), 0
		save = func(b []byte) error {
			k++
			lines := strings.Split(string(b), "\n")
			for j, l := range lines {
				if strings.HasPrefix(l, "city:") {
					lines[j] = "city: " + ids[k%len(ids)]
					break
				}
			}
			return os.WriteFile(*src, []byte(strings.Join(lines, "\n")), 0o644)
		}
		ok = true
	case "translation":
		// A new translation of src, its name the marker; removed once shown.
		tr := strings.TrimSuffix(*src, ".md") + "." + *lang + ".md"
		if _, err := os.Stat(tr); err == nil {
			fatal(fmt.Errorf("%s exists: want a file with no translation into %s", tr, *lang))
		}
		save = func(b []byte) error {
			marker := b[bytes.Index(b, []byte("\n\neditlatmarker"))+2 : len(b)-1]
			return os.WriteFile(tr, []byte("---\nname: "+string(marker)+"\n---\n"), 0o644)
		}
		after = func() { os.Remove(tr) }
		restoreSrc := restore
		restore = func() { restoreSrc(); os.Remove(tr) }
		ok = true
	case "template":
		// The marker goes into the page's layout: every page made with it changes.
		layout, err := os.ReadFile(*tmpl)
		if err != nil || !bytes.Contains(layout, []byte("</article>")) {
			fatal(fmt.Errorf("-template %q: want a layout with </article>", *tmpl))
		}
		restoreSrc := restore
		restore = func() { restoreSrc(); os.WriteFile(*tmpl, layout, 0o644) }
		save = func(b []byte) error {
			marker := b[bytes.Index(b, []byte("\n\neditlatmarker"))+2 : len(b)-1]
			return os.WriteFile(*tmpl, bytes.Replace(layout, []byte("</article>"), append(append([]byte("<p>"), marker...), "</p></article>"...), 1), 0o644)
		}
		ok = true
	}
	if !ok {
		fmt.Fprintln(os.Stderr, "-style must be inplace, vim, atomic, name, city, translation, new, delete or template")
		os.Exit(2)
	}
	if *style == "new" || *style == "delete" {
		var lat []time.Duration
		for i := 0; i < *n; i++ {
			f, u := newFile(i)
			t0 := time.Now()
			want := http.StatusOK
			if *style == "new" {
				if err := os.WriteFile(f, orig, 0o644); err != nil {
					fatal(err)
				}
			} else {
				// The copy to delete is made first, and shown, outside the timing.
				if err := os.WriteFile(f, orig, 0o644); err != nil {
					fatal(err)
				}
				waitFor(status, u, http.StatusOK, *timeout)
				time.Sleep(*gap)
				t0 = time.Now()
				if err := os.Remove(f); err != nil {
					fatal(err)
				}
				want = http.StatusNotFound
			}
			waitFor(status, u, want, *timeout)
			lat = append(lat, time.Since(t0))
			if *style == "new" {
				// Removed only once the new company's tree settled: removed at once, its
				// settle was superseded, and the one measured was the removal's of nothing.
				time.Sleep(*gap)
			}
			os.Remove(f)
			time.Sleep(*gap)
		}
		report(*style, lat)
		return
	}
	if *style == "name" {
		// The marker goes into the name: the listings that show the company reorder.
		save = func(b []byte) error {
			i := bytes.Index(b, []byte("\n\n"+"editlatmarker"))
			marker := b[i+2 : len(b)-1]
			lines := strings.Split(string(orig), "\n")
			for k, l := range lines {
				if strings.HasPrefix(l, "name:") {
					lines[k] = "name: " + string(marker)
					break
				}
			}
			return os.WriteFile(*src, []byte(strings.Join(lines, "\n")), 0o644)
		}
	}
	fetch := func(url string) []byte {
		resp, err := http.Get(url)
		if err != nil {
			return nil
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return b
	}
	shows := func(url, marker string, t0 time.Time) {
		for !bytes.Contains(fetch(url), []byte(marker)) {
			if time.Since(t0) > *timeout {
				fatal(fmt.Errorf("timeout waiting for %s", url))
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	var lat, others []time.Duration
	for i := 0; i < *n; i++ {
		marker := fmt.Sprintf("editlatmarker%d", time.Now().UnixNano())
		t0 := time.Now()
		if err := save(append(bytes.Clone(orig), "\n\n"+marker+"\n"...)); err != nil {
			fatal(err)
		}
		shows(*url, marker, t0)
		lat = append(lat, time.Since(t0))
		if *also != "" {
			for _, u := range strings.Split(*also, ",") {
				shows(u, marker, t0)
			}
			others = append(others, time.Since(t0))
		}
		after()
		time.Sleep(*gap)
	}
	report(*style, lat)
	if len(others) > 0 {
		report(*style+" (other pages)", others)
	}
}

func report(style string, lat []time.Duration) {
	slices.Sort(lat)
	p95 := lat[min(len(lat)-1, (len(lat)*95+99)/100-1)]
	fmt.Printf("%s: median %v, p95 %v, min %v, max %v (%d edits)\n", style, lat[len(lat)/2].Round(time.Millisecond),
		p95.Round(time.Millisecond), lat[0].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), len(lat))
}

func waitFor(status func(string) int, u string, want int, timeout time.Duration) {
	t0 := time.Now()
	for status(u) != want {
		if time.Since(t0) > timeout {
			fatal(fmt.Errorf("timeout waiting for %d from %s", want, u))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// restore puts the edited file back as it was when a run stops early.
var restore func()

func fatal(err error) {
	fmt.Fprintln(os.Stderr, err)
	if restore != nil {
		restore()
	}
	os.Exit(1)
}
