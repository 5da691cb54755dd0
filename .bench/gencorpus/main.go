// gencorpus writes the benchmarks' synthetic site (see generator/benchcorpus), with the flags
// of the side-by-side harness's generator:
//
//	go run ./.bench/gencorpus -companies 10000 -out /tmp/corpus
//	go run ./.bench/gencorpus -companies 20000 -languages zh,ar -translated 0.25 -vocab 20000 -out /tmp/real
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/pseb/sitegen/generator/benchcorpus"
)

func main() {
	var opts benchcorpus.Options
	flag.IntVar(&opts.Companies, "companies", 10000, "number of company profiles")
	out := flag.String("out", "corpus", "output site root (content/ is written inside)")
	flag.Int64Var(&opts.Seed, "seed", 1, "random seed")
	langs := flag.String("languages", "", "comma-separated languages besides English, of zh, ar")
	flag.Float64Var(&opts.Translated, "translated", 0.25, "share of companies translated into each language")
	flag.IntVar(&opts.Vocab, "vocab", 0, "extra made-up words mixed into the text")
	flag.Parse()
	if *langs != "" {
		opts.Languages = strings.Split(*langs, ",")
	}
	if err := benchcorpus.Write(*out, opts); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
