package site

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"testing"
	"time"
)

func TestZZServeMemory(t *testing.T) {
	src := os.Getenv("REAL")
	if src == "" {
		t.Skip()
	}
	dest := t.TempDir()
	var peak uint64
	stop := make(chan struct{})
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak {
				peak = v
			}
		}
	}()
	heap := func(what string) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("%s: live heap %d MiB, peak heap objects so far %d MiB", what, ms.HeapAlloc>>20, peak>>20)
	}
	start := time.Now()
	fsys, closeSource, err := OpenSource(src)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSource()
	sum, err := Build(context.Background(), Options{Source: src, Dest: dest, PagesLater: true, FS: fsys, LazyBodies: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("build %v", time.Since(start))
	heap("after the lazy build")
	f, _ := os.Create("/tmp/heap-lazy.prof")
	pprof.WriteHeapProfile(f)
	f.Close()
	start = time.Now()
	if _, err := sum.Plan.Settle(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	t.Logf("settle %v", time.Since(start))
	heap("after settle")
	f, _ = os.Create("/tmp/heap-settled.prof")
	pprof.WriteHeapProfile(f)
	f.Close()
	close(stop)
	_ = debug.SetGCPercent
	runtime.KeepAlive(sum)
}
