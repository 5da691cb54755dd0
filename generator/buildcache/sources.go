package buildcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/pseb/sitegen/generator/gitindex"
)

// Scan is the site's sources as they are now: each file hashed, and its copy in a pack
// of the cache folder. Files read by the scan are copied into a new pack, which Save keeps
// (and Discard throws away); a file whose stat says it has not changed since the last
// full scan keeps its copy in that scan's pack (Base), unread.
type Scan struct {
	Sources map[string]Source
	Pack    string // the new pack's file name in the cache folder
	// Base is the pack the next scan may leave copies in: Pack when this scan read every
	// file, the one before's otherwise.
	Base string
	// OnDisk counts the files the system stats (not those built into sitegen), Read those
	// of them the scan read: the others' stats, or the Git index, said they are their
	// copies in the base.
	OnDisk, Read int
	dir          string
}

// ErrLink is Scan's error for a symbolic link among the sources: what it points at can change
// without the link changing, so such a site is always built in full.
var ErrLink = errors.New("symbolic link among the sources")

// ScanSources reads every file below roots (folders of fsys, slash-separated; missing ones
// are skipped), except those skip names (editor leftovers the build ignores too). A file
// prev's base pack holds whose stat is the one prev recorded is not read again (git's index
// does the same): 30,319 sources are 142 MB at PSEB's size, read, hashed and copied on every
// build otherwise. Nor is one whose new stat the Git index (UseGit) recorded with the blob
// of its copy (CI's fresh checkouts: new stats, the same bytes). A file read whose bytes are
// the base pack's copy keeps that copy. prev may be nil. Once half of the base pack
// is copies of files since changed or gone, every file is copied into a new base.
func (c *Cache) ScanSources(ctx context.Context, fsys fs.FS, roots []string, skip func(name string) bool, prev *State) (*Scan, error) {
	files, err := listSources(fsys, roots, skip)
	if err != nil {
		return nil, err
	}
	return c.scanListed(ctx, fsys, files, prev)
}

// listed is a source file found by listSources, with its stat.
type listed struct {
	path string
	stat FileStat
}

// listSources finds the source files below roots, as ScanSources does, without reading them.
func listSources(fsys fs.FS, roots []string, skip func(name string) bool) ([]listed, error) {
	var files []listed
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return fs.SkipDir
			}
			if err != nil {
				return err
			}
			if p != root && skip(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case d.Type()&fs.ModeSymlink != 0:
				return fmt.Errorf("%s: %w", p, ErrLink)
			case d.Type().IsRegular():
				// A folder read through an os.Root stats its entries as it lists them:
				// Info costs nothing more.
				fi, err := d.Info()
				if err != nil {
					return err
				}
				files = append(files, listed{p, statOf(fi)})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// scanListed is ScanSources of the files listSources found.
func (c *Cache) scanListed(ctx context.Context, fsys fs.FS, files []listed, prev *State) (*Scan, error) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return nil, err
	}
	pack, err := os.CreateTemp(c.dir, "sources-*.pack")
	if err != nil {
		return nil, err
	}
	scan := &Scan{Sources: make(map[string]Source, len(files)), Pack: filepath.Base(pack.Name()), dir: c.dir}
	// kept are the files whose stat says their copy in the base pack is theirs: not read.
	// inBase are the other files the base pack has a copy of: read and hashed, and when
	// the hash is the copy's, the copy is theirs too (CI: a fresh checkout gives every
	// file a new stat, and every file was copied into a new pack, 142 MB at PSEB's size).
	// The base stays while the copies that are still some file's are half of it at least.
	// A file changed within the stat's resolution of being read could change again with
	// the same stat: such a file's stat is not kept, and it is read again next time.
	trusted := clock().Add(-racyWindow)
	kept, inBase := map[string]Source{}, map[string]Source{}
	var baseSize int64 = -1
	if prev != nil && prev.Base != "" {
		if fi, err := os.Stat(filepath.Join(c.dir, prev.Base)); err == nil {
			baseSize = fi.Size()
		}
		var live int64
		for _, f := range files {
			if s, ok := prev.Sources[f.path]; ok && s.Pack == prev.Base {
				switch {
				case f.stat != (FileStat{}) && s.Stat == f.stat:
					kept[f.path] = s
				case c.checkedOut(f, s):
					// A fresh checkout: git vouches that the file holds its copy's bytes.
					s.Stat = FileStat{}
					if f.stat.settledBefore(trusted) {
						s.Stat = f.stat
					}
					kept[f.path] = s
				default:
					inBase[f.path] = s
				}
				live += s.Len
			}
		}
		if baseSize < 0 || baseSize > 2*live {
			// Half stale even if none of the others changed: no copy of it is used.
			clear(kept)
			clear(inBase)
		}
	}
	var (
		mu  sync.Mutex
		off int64
	)
	// add records f's bytes as read: their copy in the base pack when useBase allows and it
	// has them, else a copy written to the new pack.
	add := func(f listed, data []byte, useBase bool) error {
		src := Source{Hash: hashOf(data), Pack: scan.Pack, Len: int64(len(data))}
		if c.git != nil {
			src.Blob = gitindex.BlobID(data)
		}
		if f.stat.settledBefore(trusted) {
			src.Stat = f.stat
		}
		mu.Lock()
		defer mu.Unlock()
		if b, ok := inBase[f.path]; ok && useBase && b.Hash == src.Hash && b.Len == src.Len {
			// The base's copy has these bytes (a copy not made by this run is checked
			// against its hash when read).
			src.Pack, src.Offset = b.Pack, b.Offset
			scan.Sources[f.path] = src
			return nil
		}
		if _, err := pack.WriteAt(data, off); err != nil {
			return err
		}
		src.Offset = off
		scan.Sources[f.path] = src
		off += int64(len(data))
		return nil
	}
	read, closeFolders := folderReader(fsys, files, kept)
	defer closeFolders()
	// scanFiles reads and adds the files pick picks, on a few goroutines.
	scanFiles := func(pick func(f listed) bool, useBase bool) error {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(runtime.GOMAXPROCS(0))
		for _, f := range files {
			if !pick(f) {
				continue
			}
			g.Go(func() error {
				if err := gctx.Err(); err != nil {
					return err
				}
				data, err := read(f.path)
				if err != nil {
					return err
				}
				return add(f, data, useBase)
			})
		}
		return g.Wait()
	}
	maps.Copy(scan.Sources, kept)
	err = scanFiles(func(f listed) bool { _, ok := kept[f.path]; return !ok }, true)
	scan.Base = scan.Pack
	var again map[string]bool // the files read a second time, into a new base
	if err == nil && (len(kept) > 0 || len(inBase) > 0) {
		var live int64
		for _, s := range scan.Sources {
			if s.Pack == prev.Base {
				live += s.Len
			}
		}
		if baseSize <= 2*live {
			scan.Base = prev.Base
		} else {
			// Most of the base is stale after all (the files it had copies of changed):
			// every file the scan left there is copied into the new pack, the new base.
			again = map[string]bool{}
			for p, s := range scan.Sources {
				again[p] = s.Pack == prev.Base
			}
			err = scanFiles(func(f listed) bool { return again[f.path] }, false)
		}
	}
	for _, f := range files {
		if f.stat == (FileStat{}) {
			continue // built into sitegen
		}
		scan.OnDisk++
		if _, ok := kept[f.path]; !ok || again[f.path] {
			scan.Read++
		}
	}
	if cerr := pack.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(pack.Name())
		return nil, err
	}
	return scan, nil
}

// checkedOut reports whether git's index vouches that the file f, whose stat is not the
// one s recorded, holds the bytes of s's copy: git recorded f's present stat with the blob
// whose id s has (a fresh checkout in CI: new stats, the same bytes). The size is compared
// in full (git keeps 32 bits of it).
func (c *Cache) checkedOut(f listed, s Source) bool {
	if s.Blob == (gitindex.ID{}) || f.stat == (FileStat{}) || f.stat.Size != s.Len {
		return false
	}
	blob, ok := c.git.Blob(f.path, gitindex.Stat(f.stat))
	return ok && blob == s.Blob
}

// folderOpener is a file system that opens a folder of its own for reading the files in it
// by name (sitefs's site folder); ok is false for a folder it does not open that way.
type folderOpener interface {
	OpenFolder(dir string) (folder fs.FS, close func() error, ok bool, err error)
}

// manyFiles is how many files a folder must have to be opened once for the scan to read
// them in it (a company folder of 20,000 profiles, not each bundle's few).
const manyFiles = 64

// folderReader returns how the scan reads a file of fsys: in its folder, opened once, when
// fsys opens folders and the scan reads many files of it (files not in kept), else through
// fsys. closeFolders releases the folders opened.
func folderReader(fsys fs.FS, files []listed, kept map[string]Source) (read func(name string) ([]byte, error), closeFolders func()) {
	folders := map[string]fs.FS{}
	var closers []func() error
	if opener, ok := fsys.(folderOpener); ok {
		count := map[string]int{}
		for _, f := range files {
			if _, ok := kept[f.path]; !ok {
				count[path.Dir(f.path)]++
			}
		}
		for dir, n := range count {
			if n < manyFiles {
				continue
			}
			// A folder that does not open is read through fsys, which reports why.
			if folder, closeFn, ok, err := opener.OpenFolder(dir); err == nil && ok {
				folders[dir] = folder
				closers = append(closers, closeFn)
			}
		}
	}
	read = func(name string) ([]byte, error) {
		if folder, ok := folders[path.Dir(name)]; ok {
			data, err := fs.ReadFile(folder, path.Base(name))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			return data, nil
		}
		return fs.ReadFile(fsys, name)
	}
	return read, func() {
		for _, c := range closers {
			c()
		}
	}
}

// racyWindow is how long after its last change a file's stat is trusted to tell the next
// change: longer than any file system's timestamp resolution (cmd/go's file hash cache
// waits as long).
const racyWindow = 2 * time.Second

// clock is the time the scan compares stats with (tests move it).
var clock = time.Now

// FileStat is what the file system says of a source file: enough that an edit, however
// made, changes it (the change time cannot be set back by the editor).
type FileStat struct {
	Size                int64
	ModTime, ChangeTime int64 // nanoseconds
	Device, Inode       uint64
}

// settledBefore reports whether the file last changed before t.
func (s FileStat) settledBefore(t time.Time) bool {
	return s != (FileStat{}) && s.ModTime < t.UnixNano() && s.ChangeTime < t.UnixNano()
}

// Discard deletes the pack of a scan that will not be saved.
func (s *Scan) Discard() { os.Remove(filepath.Join(s.dir, s.Pack)) }

// Before returns the sources as the build that saved st read them, from the copies in the
// packs: a copy this run made as it hashed the file is taken as it is, any other is checked
// against its hash. It is an fs.FS with ReadDir and Stat, and an io.Closer: each pack is
// opened once, when first read, and stays open until Close.
func (c *Cache) Before(st *State, now *Scan) BeforeFS {
	b := &before{st: st, now: now, dir: c.dir, dirs: map[string][]fs.DirEntry{}, open: map[string]*os.File{}}
	seen := map[string]bool{}
	for _, p := range slices.Sorted(maps.Keys(st.Sources)) {
		b.dirs[path.Dir(p)] = append(b.dirs[path.Dir(p)], entry{name: path.Base(p), size: st.Sources[p].Len})
		for d := path.Dir(p); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			b.dirs[path.Dir(d)] = append(b.dirs[path.Dir(d)], entry{name: path.Base(d), dir: true})
		}
	}
	for d, ents := range b.dirs {
		slices.SortFunc(ents, func(x, y fs.DirEntry) int { return strings.Compare(x.Name(), y.Name()) })
		b.dirs[d] = ents
	}
	return b
}

// BeforeFS is the tree Before returns.
type BeforeFS interface {
	fs.FS
	io.Closer
}

type before struct {
	// damaged is set once a file's copy did not match its hash.
	damaged atomic.Bool
	st      *State
	now     *Scan
	dir     string // the cache folder, where the packs are
	dirs    map[string][]fs.DirEntry

	mu   sync.Mutex
	open map[string]*os.File // the packs read so far, by path
}

// Close closes the packs b read from.
func (b *before) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	var err error
	for p, f := range b.open {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		delete(b.open, p)
	}
	return err
}

// readAt reads n bytes of the pack file from off, opening it once (30,319 sources at
// PSEB's size: opening and closing a pack for each took 0.38 s of CPU in a profile of a
// warm company edit).
func (b *before) readAt(pack string, off, n int64) ([]byte, error) {
	b.mu.Lock()
	f, ok := b.open[pack]
	if !ok {
		var err error
		if f, err = os.Open(filepath.Join(b.dir, pack)); err != nil {
			b.mu.Unlock()
			return nil, err
		}
		b.open[pack] = f
	}
	b.mu.Unlock()
	data := make([]byte, n)
	if _, err := f.ReadAt(data, off); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return nil, err
	}
	return data, nil
}

// Damaged reports whether a file of fsys, made by Before, was read from a damaged copy
// (its reader may have reported the error as a problem of the file).
func Damaged(fsys fs.FS) bool {
	b, ok := fsys.(*before)
	return ok && b.damaged.Load()
}

// corruptError is the error of a file read from a damaged pack.
type corruptError struct{ path string }

func (e *corruptError) Error() string {
	return e.path + ": its copy in the build cache is damaged"
}

// SHA256 is the SHA-256 of name's bytes as the saved build read them, without reading its
// copy (content.SumFS): a load that holds what it parsed of those bytes need not read them.
func (b *before) SHA256(name string) (sum [sha256.Size]byte, ok bool) {
	s, found := b.st.Sources[name]
	if !found || hex.DecodedLen(len(s.Hash)) != sha256.Size {
		return sum, false
	}
	if _, err := hex.Decode(sum[:], []byte(s.Hash)); err != nil {
		return sum, false
	}
	return sum, true
}

func (b *before) ReadFile(name string) ([]byte, error) {
	s, ok := b.st.Sources[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	if n, ok := b.now.Sources[name]; ok && n.Hash == s.Hash && n.Pack == b.now.Pack {
		// The same bytes, copied by this run as it hashed them: no need to hash them again.
		return b.readAt(n.Pack, n.Offset, n.Len)
	}
	data, err := b.readAt(s.Pack, s.Offset, s.Len)
	if err != nil || hashOf(data) != s.Hash {
		b.damaged.Store(true)
		return nil, &corruptError{path: name}
	}
	return data, nil
}

func (b *before) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, ok := b.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	return slices.Clone(ents), nil
}

func (b *before) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if s, ok := b.st.Sources[name]; ok {
		return entry{name: path.Base(name), size: s.Len}, nil
	}
	if _, ok := b.dirs[name]; ok {
		return entry{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (b *before) Open(name string) (fs.File, error) {
	fi, err := b.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return &dirFile{entry: fi.(entry), ents: b.dirs[name]}, nil
	}
	data, err := b.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &file{entry: fi.(entry), data: data}, nil
}

// entry is a file or folder of before: its own FileInfo and DirEntry.
type entry struct {
	name string
	size int64
	dir  bool
}

func (e entry) Name() string { return e.name }
func (e entry) Size() int64  { return e.size }
func (e entry) Mode() fs.FileMode {
	if e.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (e entry) ModTime() time.Time         { return time.Time{} }
func (e entry) IsDir() bool                { return e.dir }
func (e entry) Sys() any                   { return nil }
func (e entry) Type() fs.FileMode          { return e.Mode().Type() }
func (e entry) Info() (fs.FileInfo, error) { return e, nil }

type file struct {
	entry
	data []byte
	off  int
}

func (f *file) Stat() (fs.FileInfo, error) { return f.entry, nil }
func (f *file) Close() error               { return nil }
func (f *file) Read(p []byte) (int, error) {
	if f.off >= len(f.data) {
		return 0, io.EOF
	}
	n := copy(p, f.data[f.off:])
	f.off += n
	return n, nil
}

type dirFile struct {
	entry
	ents []fs.DirEntry
	off  int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.entry, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.ents[d.off:]
	if n <= 0 {
		d.off = len(d.ents)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.off += len(rest)
	return slices.Clone(rest), nil
}
