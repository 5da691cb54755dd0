// Package buildcache owns what one build leaves for the next (in CI, between runs): the key
// it was made under, the hash and a copy of every source file it read, and a list of the
// output folder's files. From it the next build tells which sources changed, reads the site
// as the last build saw it, and knows whether the output folder it would start from is the
// one that build wrote. A state that is missing, truncated, corrupt or made under another
// key is reported and never used.
package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/pseb/sitegen/generator/binform"
	"github.com/pseb/sitegen/generator/gitindex"
	"github.com/pseb/sitegen/generator/output"
)

// format changes whenever State's meaning does: a state of another format is ignored.
const format = 5

const stateFile = "state"

// Cache is a build cache folder.
type Cache struct {
	dir string
	// git is the index of the Git working tree the site is in (nil when none): a scan
	// records each file's blob id, and the next one trusts git's stat of a file whose
	// blob is the one its copy has (see gitindex).
	git *gitindex.Index
}

// Open returns the cache kept in dir (created when first saved).
func Open(dir string) *Cache { return &Cache{dir: dir} }

// UseGit tells the cache's scans the index of the Git working tree the site is in (nil:
// none).
func (c *Cache) UseGit(x *gitindex.Index) { c.git = x }

// State is what a finished build leaves for the next.
type State struct {
	Format int
	// Key names the program and the options the output was made with (see Key).
	Key string
	// Sources are the files the build read, by slash-separated path below the site root.
	Sources map[string]Source
	// Base is the pack (a file in the cache folder) of the last scan that copied every
	// source: the next scan leaves a source's copy there while the file's stat says it is
	// unchanged (Source.Stat). Each source names the pack its copy is in.
	Base string
	// Output is every file of the output folder.
	Output map[string]Stamp
	// Folders are the modification times (nanoseconds) of the output's folders, the
	// output folder itself as ".": the output check's stand-in for their listings (see
	// SameOutput). Nil: the output is checked by listing it.
	Folders map[string]int64
	// NextScheduled is when content dated in the future is due: a build from then on must
	// read everything again (zero: nothing is scheduled).
	NextScheduled time.Time
	// Files are what the build kept besides (WriteFile), by what they hold.
	Files map[string]File
	// Pages and Routes count what the build published, by kind: the summary of a build
	// that finds nothing changed.
	Pages, Routes map[string]int
	// Replaced is the site the build replaced and what it changed, when it staged its
	// output (output.Stage): the next one starts its copy from it.
	Replaced *output.Replaced
}

// File is a file of the cache folder and the SHA-256 of its bytes.
type File struct{ Name, Hash string }

// WriteFile writes what write produces, for the state about to be saved, as what (a word:
// "search"), and returns the file to record in State.Files. The bytes go to the file as
// they come: the search documents and index memos are ~90 MB at PSEB's size.
func (c *Cache) WriteFile(what string, write func(io.Writer) error) (File, error) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return File{}, err
	}
	f, err := os.CreateTemp(c.dir, what+"-*.dat")
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	buf := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	err = write(buf)
	if err == nil {
		err = buf.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return File{}, err
	}
	return File{Name: filepath.Base(f.Name()), Hash: hex.EncodeToString(h.Sum(nil))}, nil
}

// ReadFile gives read the bytes kept as what with st, as they are read, and checks them
// against their hash once read is done: when they do not match, the error is an
// *Unusable (Corrupt) whatever read returned, and what read made of them must be dropped.
// An error of read's own is returned as it is.
func (c *Cache) ReadFile(st *State, what string, read func(io.Reader) error) error {
	f, ok := st.Files[what]
	if !ok {
		return &Unusable{Reason: "it holds no " + what}
	}
	if strings.ContainsAny(f.Name, `/\`) {
		return &Unusable{Reason: stateFile + " names no valid " + what, Corrupt: true}
	}
	file, err := os.Open(filepath.Join(c.dir, f.Name))
	if err != nil {
		return &Unusable{Reason: "its " + what + " file is missing", Corrupt: true}
	}
	defer file.Close()
	h := sha256.New()
	in := io.TeeReader(bufio.NewReaderSize(file, 1<<20), h)
	size := int64(-1)
	if fi, err := file.Stat(); err == nil {
		size = fi.Size()
	}
	rerr := read(sizedReader{in, size})
	// What read left unread counts too: a damaged tail is damage.
	if _, err := io.Copy(io.Discard, in); err != nil {
		return &Unusable{Reason: "its " + what + " file cannot be read: " + err.Error(), Corrupt: true}
	}
	if hex.EncodeToString(h.Sum(nil)) != f.Hash {
		return &Unusable{Reason: "its " + what + " file is damaged", Corrupt: true}
	}
	return rerr
}

// sizedReader tells the size of the file it reads (binform.ReadAll reads it into a buffer
// of that size); -1 when unknown.
type sizedReader struct {
	io.Reader
	size int64
}

func (r sizedReader) Size() int64 { return r.size }

// Source is a source file: the SHA-256 of its bytes, the pack its copy is in and where.
type Source struct {
	Hash        string
	Pack        string
	Offset, Len int64
	// Stat is the file as the scan found it; zero when it may not be trusted (see FileStat).
	Stat FileStat
	// Blob is git's id of the bytes, made when the site is in a Git working tree (zero
	// otherwise): a fresh checkout's stats are new, but git's index vouches for a file's
	// blob while its stat is the one git gave it.
	Blob gitindex.ID
}

// Stamp is what an output file is checked by: its size and modification time (seconds:
// archives made by CI caches keep no finer ones).
type Stamp struct {
	Size    int64
	ModTime int64
}

// Unusable says why a cache cannot be used; Corrupt is set when it was damaged (a warning
// to the user), not merely absent or made for another program or other options.
type Unusable struct {
	Reason  string
	Corrupt bool
}

func (e *Unusable) Error() string { return e.Reason }

// Load reads the state the last build saved under key.
func (c *Cache) Load(key string) (*State, error) {
	st, err := c.Peek()
	if err != nil {
		return nil, err
	}
	switch {
	case st.Format != format:
		return nil, &Unusable{Reason: "it was made by another version of sitegen"}
	case st.Key != key:
		return nil, &Unusable{Reason: "it was made by another sitegen or with other options"}
	case st.Base == "" || strings.ContainsAny(st.Base, `/\`):
		return nil, &Unusable{Reason: stateFile + " names no valid source copy", Corrupt: true}
	}
	sizes := map[string]int64{}
	for _, p := range slices.Sorted(maps.Keys(st.Sources)) {
		s := st.Sources[p]
		size, ok := sizes[s.Pack]
		if !ok {
			if s.Pack == "" || strings.ContainsAny(s.Pack, `/\`) {
				return nil, &Unusable{Reason: stateFile + " names no valid source copy", Corrupt: true}
			}
			fi, err := os.Stat(filepath.Join(c.dir, s.Pack))
			if err != nil {
				return nil, &Unusable{Reason: "the copy of the sources is missing", Corrupt: true}
			}
			size = fi.Size()
			sizes[s.Pack] = size
		}
		if s.Offset < 0 || s.Len < 0 || s.Offset+s.Len > size {
			return nil, &Unusable{Reason: fmt.Sprintf("the copy of the sources is truncated (%s)", p), Corrupt: true}
		}
	}
	return st, nil
}

// Peek reads the saved state whatever its key (for tests and for looking into a cache).
func (c *Cache) Peek() (*State, error) {
	data, err := os.ReadFile(filepath.Join(c.dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &Unusable{Reason: "no earlier build is cached"}
	}
	if err != nil {
		return nil, &Unusable{Reason: err.Error(), Corrupt: true}
	}
	// The first line is the SHA-256 of the rest: a truncated or damaged file shows.
	sum, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(sum) != hashOf(body) {
		return nil, &Unusable{Reason: stateFile + " is truncated or damaged", Corrupt: true}
	}
	st, err := decodeState(body)
	if err != nil {
		return nil, &Unusable{Reason: stateFile + ": " + err.Error(), Corrupt: true}
	}
	return st, nil
}

// The state is gob but for its two long lists, the output's files (309,268 at PSEB's size)
// and the sources (30,319), which follow in binform: gob took 120-170 ms to write the
// output list and 90-150 ms to read it back, a loop over binform ~35 and ~45 ms, and a
// warm build waits for both (reading it before it checks the output, writing it last).

// encodeState writes st: its gob without the lists, then the lists.
func encodeState(st *State) ([]byte, error) {
	rest := *st
	rest.Output, rest.Folders, rest.Sources = nil, nil, nil
	var head bytes.Buffer
	if err := gob.NewEncoder(&head).Encode(&rest); err != nil {
		return nil, err
	}
	w := &binform.Writer{Buf: make([]byte, 0, head.Len()+len(st.Output)*48+len(st.Folders)*40+len(st.Sources)*160)}
	w.Bytes(head.Bytes())
	w.Count(st.Output == nil, len(st.Output))
	for p, s := range st.Output {
		w.String(p)
		w.Int(s.Size)
		w.Int(s.ModTime)
	}
	w.Count(st.Folders == nil, len(st.Folders))
	for p, t := range st.Folders {
		w.String(p)
		w.Int(t)
	}
	w.Count(st.Sources == nil, len(st.Sources))
	for p, s := range st.Sources {
		w.String(p)
		w.String(s.Hash)
		w.String(s.Pack)
		w.Int(s.Offset)
		w.Int(s.Len)
		w.Int(s.Stat.Size)
		w.Int(s.Stat.ModTime)
		w.Int(s.Stat.ChangeTime)
		w.Uint(s.Stat.Device)
		w.Uint(s.Stat.Inode)
		w.Buf = append(w.Buf, s.Blob[:]...)
	}
	return w.Buf, nil
}

// decodeState reads what encodeState wrote; body is its to keep (the lists' strings share it).
func decodeState(body []byte) (*State, error) {
	r := binform.Own(body)
	var st State
	if err := gob.NewDecoder(strings.NewReader(r.String())).Decode(&st); err != nil {
		return nil, err
	}
	if st.Format != format {
		return &st, nil // lists of another form: the state is not used (Load)
	}
	n, isNil := r.Count()
	if !isNil {
		st.Output = make(map[string]Stamp, n)
	}
	for range n {
		p := r.String()
		st.Output[p] = Stamp{Size: r.Int(), ModTime: r.Int()}
	}
	n, isNil = r.Count()
	if !isNil {
		st.Folders = make(map[string]int64, n)
	}
	for range n {
		p := r.String()
		st.Folders[p] = r.Int()
	}
	n, isNil = r.Count()
	if !isNil {
		st.Sources = make(map[string]Source, n)
	}
	for range n {
		p := r.String()
		s := Source{Hash: r.String(), Pack: r.String(), Offset: r.Int(), Len: r.Int(),
			Stat: FileStat{Size: r.Int(), ModTime: r.Int(), ChangeTime: r.Int(), Device: r.Uint(), Inode: r.Uint()}}
		copy(s.Blob[:], r.Fixed(len(s.Blob)))
		st.Sources[p] = s
	}
	if r.Err() != nil {
		return nil, r.Err()
	}
	if r.Len() != 0 {
		return nil, binform.ErrDamaged
	}
	return &st, nil
}

// Invalidate forgets the saved state: called before the output folder it describes changes,
// so that a build stopped half way leaves no state that would trust it.
func (c *Cache) Invalidate() error {
	err := os.Remove(filepath.Join(c.dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Save records st (whose sources and Base are a Scan's) for the next build and deletes the
// copies of sources earlier builds left that st no longer names.
func (c *Cache) Save(st *State) error {
	st.Format = format
	body, err := encodeState(st)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.dir, ".state-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// Two writes: through fmt, the 20 MB body (at PSEB's size) would be copied once more.
	if _, err := io.WriteString(tmp, hashOf(body)+"\n"); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(c.dir, stateFile)); err != nil {
		return err
	}
	// What earlier builds kept goes (best effort: a later Save tries again).
	keep := map[string]bool{st.Base: true}
	for _, s := range st.Sources {
		keep[s.Pack] = true
	}
	for _, f := range st.Files {
		keep[f.Name] = true
	}
	for _, pattern := range []string{"sources-*.pack", "*-*.dat"} {
		old, _ := filepath.Glob(filepath.Join(c.dir, pattern))
		for _, p := range old {
			if !keep[filepath.Base(p)] {
				os.Remove(p)
			}
		}
	}
	return nil
}

// Key names the running program and the build options that change the output: a cache made
// under another key is not used. The program is named by its version and a hash of its
// executable, so a rebuilt binary with the same version string is still another program.
func Key(options ...string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "format %d\n", format)
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(h, "version %s %s\n", bi.Main.Version, bi.GoVersion)
	}
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot name this program: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("cannot name this program: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("cannot name this program: %w", err)
	}
	for _, o := range options {
		fmt.Fprintf(h, "%q\n", o)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashOf is the SHA-256 of data in hex, as the state records hashes.
func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Changes lists the sources that were created, edited or deleted since st was saved.
func (st *State) Changes(now map[string]Source) []string {
	var out []string
	for p, s := range now {
		if old, ok := st.Sources[p]; !ok || old.Hash != s.Hash {
			out = append(out, p)
		}
	}
	for p := range st.Sources {
		if _, ok := now[p]; !ok {
			out = append(out, p)
		}
	}
	return out
}
