package buildcache

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/pseb/sitegen/generator/gitindex"
)

// Start is what a build finds in its cache: the cache, the build's key, the scan of the
// sources as they are, and the state the last build left; State is nil when the cache
// cannot be used, and Reason says why (Corrupt when it was damaged). A State is usable
// only once SameOutput says so.
type Start struct {
	Cache   *Cache
	Key     string
	Scan    *Scan
	State   *State
	Reason  string
	Corrupt bool
	// sameOutput is the check that the output is the cached build's (see SameOutput).
	sameOutput func() error
}

// Begin opens the cache in dir for a build keyed by options (Key), scans the sources of
// fsys below roots (skipping what skip names), and loads the state the last build left
// when it can be used: the same key, no news fallen due by now, and (SameOutput, checked
// in the background) dest the very output that build wrote. siteDir is the folder fsys
// reads: the Git index of the working tree it is in, if any, vouches for the sources a
// checkout wrote (see UseGit). A cache that cannot be used is no error (the build goes on in full);
// only a cancelled context is.
func Begin(ctx context.Context, dir string, options []string, fsys fs.FS, roots []string, skip func(name string) bool, dest string, now time.Time, siteDir string) (*Start, error) {
	s := &Start{Cache: Open(dir)}
	key, err := Key(options...)
	if err != nil {
		s.Reason = err.Error()
		return s, nil
	}
	s.Key = key
	// The state (20 MB at PSEB's size) and the Git index (3 MB) are decoded while the
	// sources are listed.
	var (
		st      *State
		loadErr error
		loaded  = make(chan struct{})
		git     *gitindex.Index
		gitRead = make(chan struct{})
	)
	go func() {
		defer close(loaded)
		st, loadErr = s.Cache.Load(key)
	}()
	go func() {
		defer close(gitRead)
		// An index that does not read (a split or sparse index, say) only means that
		// every source with a new stat is read, as outside a working tree.
		git, _ = gitindex.Open(siteDir)
	}()
	files, err := listSources(fsys, roots, skip)
	<-loaded
	<-gitRead
	s.Cache.UseGit(git)
	var bad *Unusable
	switch {
	case errors.As(loadErr, &bad):
		s.Reason, s.Corrupt = bad.Reason, bad.Corrupt
	case loadErr != nil:
		s.Reason = loadErr.Error()
	}
	// The scan leaves the copies of unchanged files where the cached build's scan put them.
	var scan *Scan
	if err == nil {
		scan, err = s.Cache.scanListed(ctx, fsys, files, st)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s.Reason = "cannot read the sources to compare them: " + err.Error()
		return s, nil
	}
	s.Scan = scan
	if st == nil {
		return s, nil
	}
	if next := st.NextScheduled; !next.IsZero() && !now.Before(next) {
		s.Reason = "news dated " + next.Format(time.DateOnly) + " is due"
		return s, nil
	}
	s.State = st
	// A third of a million files are checked at PSEB's size (a second of system calls):
	// the build loads the cached site meanwhile, and waits for the answer before it
	// trusts the output (SameOutput).
	checked := make(chan error, 1)
	go func() { checked <- st.SameOutput(dest) }()
	s.sameOutput = sync.OnceValue(func() error {
		if err := <-checked; err != nil {
			return fmt.Errorf("the output folder is not the one the cached build wrote (%v)", err)
		}
		return nil
	})
	return s, nil
}

// SameOutput waits for Begin's check that the output folder holds exactly the files the
// cached build left there, and says why not (a reason for the summary) when it does not:
// State may then not be used. It must be called before the output is written or the
// build ends; every call returns the first one's answer.
func (s *Start) SameOutput() error {
	if s.sameOutput == nil {
		return nil // no State to check
	}
	return s.sameOutput()
}
