package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// startCPUProfile profiles the process into the file name until the returned func is called.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		os.Remove(name)
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// createHeapProfile creates the file name for a heap profile, before the build (a path it
// cannot write is a usage error, found before any work); write, called while the build's
// result is live, writes the profile after a collection: in use, what the process still
// holds; allocated, what the whole build allocated.
func createHeapProfile(name string) (write func() error, err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	return func() error {
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}
