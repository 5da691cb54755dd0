// editlat measures how long `sitegen serve` takes from a save to the page showing it, for
// the ways editors save: in place, as vim does (a "4913" probe, the file renamed to "~", a
// new file written, the "~" removed), and atomically (a temporary file renamed over the
// original). It appends a unique marker to a source file and polls a URL until it appears.
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
	"time"
)

func main() {
	src := flag.String("src", "", "source file to edit")
	url := flag.String("url", "", "page that shows the edit")
	style := flag.String("style", "inplace", "inplace, vim or atomic")
	n := flag.Int("n", 10, "edits")
	gap := flag.Duration("gap", time.Second, "pause between edits")
	timeout := flag.Duration("timeout", 60*time.Second, "per-edit timeout")
	flag.Parse()
	orig, err := os.ReadFile(*src)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer os.WriteFile(*src, orig, 0o644)
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
	if !ok {
		fmt.Fprintln(os.Stderr, "-style must be inplace, vim or atomic")
		os.Exit(2)
	}
	fetch := func() []byte {
		resp, err := http.Get(*url)
		if err != nil {
			return nil
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return b
	}
	var lat []time.Duration
	for i := 0; i < *n; i++ {
		marker := fmt.Sprintf("editlatmarker%d", time.Now().UnixNano())
		t0 := time.Now()
		if err := save(append(bytes.Clone(orig), "\n\n"+marker+"\n"...)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for !bytes.Contains(fetch(), []byte(marker)) {
			if time.Since(t0) > *timeout {
				fmt.Fprintln(os.Stderr, "timeout on edit", i)
				os.Exit(1)
			}
			time.Sleep(2 * time.Millisecond)
		}
		lat = append(lat, time.Since(t0))
		time.Sleep(*gap)
	}
	slices.Sort(lat)
	p95 := lat[min(len(lat)-1, (len(lat)*95+99)/100-1)]
	fmt.Printf("%s: median %v, p95 %v, min %v, max %v (%d edits)\n", *style, lat[len(lat)/2].Round(time.Millisecond),
		p95.Round(time.Millisecond), lat[0].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond), len(lat))
}
