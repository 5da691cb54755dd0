package buildcache

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"
)

// Start is what a build finds in its cache: the cache, the build's key, the scan of the
// sources as they are, and the state the last build left; State is nil when the cache
// cannot be used, and Reason says why (Corrupt when it was damaged).
type Start struct {
	Cache   *Cache
	Key     string
	Scan    *Scan
	State   *State
	Reason  string
	Corrupt bool
}

// Begin opens the cache in dir for a build keyed by options (Key), scans the sources of
// fsys below roots (skipping what skip names), and loads the state the last build left
// when it can be used: the same key, no news fallen due by now, and dest the very output
// that build wrote. A cache that cannot be used is no error (the build goes on in full);
// only a cancelled context is.
func Begin(ctx context.Context, dir string, options []string, fsys fs.FS, roots []string, skip func(name string) bool, dest string, now time.Time) (*Start, error) {
	s := &Start{Cache: Open(dir)}
	key, err := Key(options...)
	if err != nil {
		s.Reason = err.Error()
		return s, nil
	}
	s.Key = key
	st, err := s.Cache.Load(key)
	var bad *Unusable
	switch {
	case errors.As(err, &bad):
		s.Reason, s.Corrupt = bad.Reason, bad.Corrupt
	case err != nil:
		s.Reason = err.Error()
	}
	// The scan leaves the copies of unchanged files where the cached build's scan put them.
	scan, err := s.Cache.ScanSources(ctx, fsys, roots, skip, st)
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
	if err := st.SameOutput(dest); err != nil {
		s.Reason = fmt.Sprintf("the output folder is not the one the cached build wrote (%v)", err)
		return s, nil
	}
	s.State = st
	return s, nil
}
