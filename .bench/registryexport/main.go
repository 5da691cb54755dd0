// Command registryexport writes the registry export (CSV) of a bench corpus written by
// .bench/gencorpus: one row per company, as sitegen import reads it.
//
//	go run ./.bench/registryexport -corpus /tmp/sitegen-real/corpus-20000 > registry.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/pseb/sitegen/generator/benchcorpus"
)

func main() {
	corpus := flag.String("corpus", "", "the corpus folder (holding content/)")
	flag.Parse()
	if *corpus == "" {
		fmt.Fprintln(os.Stderr, "registryexport: -corpus DIR is required")
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	if err := benchcorpus.WriteRegistry(*corpus, w); err != nil {
		fmt.Fprintln(os.Stderr, "registryexport:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "registryexport:", err)
		os.Exit(1)
	}
}
