// Package devserver serves a built site for preview while it is edited: files from one
// build folder (swapped in after each successful rebuild), the site's 404 page for anything
// missing, a small live-reload script injected into HTML pages only, and a server-sent
// events stream that tells open pages to reload, to swap a stylesheet, or to show the build
// errors in an overlay. It never reads outside the current build folder: os.Root refuses
// "..", absolute paths and symbolic links that leave it.
package devserver

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/pseb/sitegen/generator/hostpolicy"
)

// Prefix is the URL space of the dev server's own files; no site page lives there.
const Prefix = "/__sitegen/"

//go:embed live.js
var liveJS []byte

// Server is an http.Handler. Its methods are safe for concurrent use.
type Server struct {
	mu    sync.RWMutex
	root  *os.Root
	errs  []string // the last build's errors; nil when it succeeded
	hub   hub
	build int // counts the builds served, so a page can tell it missed one
	// ready, when set, is called before a file is read and returns once the file is up
	// to date on disk (a page an edit left for later is written then).
	ready func(ctx context.Context, name string)
}

// SetReady has ready called with each file's name (slash-separated, below the served
// folder) before the file is read: the builder writes it there and then if an edit left
// it pending. Call it before serving.
func (s *Server) SetReady(ready func(ctx context.Context, name string)) {
	s.mu.Lock()
	s.ready = ready
	s.mu.Unlock()
}

// New returns a server with nothing to serve yet (every page answers 503 until SetRoot).
func New() *Server { return &Server{hub: hub{clients: map[chan event]bool{}}} }

// SetRoot serves the build in dir from now on and tells open pages to reload. cssOnly says
// the rebuild changed stylesheets only, so pages swap them without a full reload.
func (s *Server) SetRoot(dir string, cssOnly bool) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	s.mu.Lock()
	old := s.root
	s.root, s.errs = root, nil
	s.build++
	s.mu.Unlock()
	if old != nil {
		old.Close()
	}
	kind := "reload"
	if cssOnly {
		kind = "css"
	}
	s.hub.broadcast(event{kind: kind})
	return nil
}

// maxChangedPaths bounds the list sent to every open page: past it (a template edit
// changes every page) they are all told to reload.
const maxChangedPaths = 2000

// Changed tells the open pages that the files of the URL paths changed in the served
// folder (written in place): a page showing one of them reloads, the others stay. When the
// errors of a broken build are showing, every page reloads.
func (s *Server) Changed(paths []string) {
	s.mu.Lock()
	hadErrors := s.errs != nil
	s.errs = nil
	s.build++
	s.mu.Unlock()
	if hadErrors || len(paths) > maxChangedPaths {
		s.hub.broadcast(event{kind: "reload"})
		return
	}
	data, _ := json.Marshal(paths)
	s.hub.broadcast(event{kind: "pages", data: string(data)})
}

// ShowErrors keeps serving the last good build and shows lines in an overlay on every open
// page until the next successful build.
func (s *Server) ShowErrors(lines []string) {
	s.mu.Lock()
	s.errs = lines
	s.mu.Unlock()
	s.hub.broadcast(errorsEvent(lines))
}

// Close ends every event stream.
func (s *Server) Close() {
	s.hub.closeAll()
	s.mu.Lock()
	if s.root != nil {
		s.root.Close()
	}
	s.mu.Unlock()
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !hostAllowed(r.Host) {
		// A page on another site whose name was re-pointed at this machine (DNS
		// rebinding) would otherwise read the preview, drafts included.
		http.Error(w, "sitegen serve answers only to localhost, *.localhost and IP addresses; open it by one of those", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(liveJS)
		return
	case Prefix + "events":
		s.events(w, r)
		return
	}
	name, ok := fileName(r.URL.Path)
	if ok {
		s.readyFor(r.Context(), name)
		if path.Ext(name) == "" {
			// "/companies/page/9" redirects to its folder, which may not be written yet.
			s.readyFor(r.Context(), name+"/index.html")
		}
	}
	s.mu.RLock()
	root, build := s.root, s.build
	s.mu.RUnlock()
	if root == nil {
		http.Error(w, "the site is being built; this page reloads when it is ready", http.StatusServiceUnavailable)
		return
	}
	if !ok {
		s.notFound(w, r, root, build)
		return
	}
	data, err := readFile(root, name)
	if errors.Is(err, errIsDir) {
		// /companies -> /companies/, as a static host does. The target is built from the
		// cleaned name: "//zh" must not become "//zh/", another host to a browser.
		http.Redirect(w, r, "/"+name+"/", http.StatusMovedPermanently)
		return
	}
	if err != nil {
		s.notFound(w, r, root, build)
		return
	}
	s.serve(w, r, name, data, build, http.StatusOK)
}

var errIsDir = errors.New("is a directory")

// hostAllowed accepts a Host header naming this machine the way a person opens the
// preview: an IP address (the bound one, or the machine's on a LAN with --bind), localhost
// or a name under .localhost. Any other name can only come from DNS, which a hostile page
// controls.
func hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if net.ParseIP(host) != nil {
		return true
	}
	return host == "localhost" || strings.HasSuffix(host, ".localhost")
}

// fileName maps a URL path to a file below the root: "/" and "/x/" to their index.html.
// It refuses what no file of a built site can be called, before touching the disk.
func fileName(urlPath string) (string, bool) {
	if !strings.HasPrefix(urlPath, "/") || strings.Contains(urlPath, "\x00") || strings.Contains(urlPath, "\\") {
		return "", false
	}
	for _, seg := range strings.Split(urlPath, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	if name == "" || name == "." {
		name = "index.html"
	}
	return name, fs.ValidPath(name)
}

func readFile(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errIsDir
	}
	return io.ReadAll(f)
}

// readyFor has the file name brought up to date on disk (see SetReady).
func (s *Server) readyFor(ctx context.Context, name string) {
	s.mu.RLock()
	ready := s.ready
	s.mu.RUnlock()
	if ready != nil {
		ready(ctx, name)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, root *os.Root, build int) {
	s.readyFor(r.Context(), "404.html")
	data, err := readFile(root, "404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	s.serve(w, r, "404.html", data, build, http.StatusNotFound)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, name string, data []byte, build, status int) {
	ctype := hostpolicy.ContentType(name) // as the host will answer
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, build)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if status != http.StatusOK {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	// A strong ETag of the bytes served: HTTP dates have one-second resolution, and a
	// rebuild within the same second as the last load must not be answered "not modified".
	h := fnv.New64a()
	h.Write(data)
	w.Header().Set("ETag", fmt.Sprintf(`"%x"`, h.Sum64()))
	// ServeContent answers HEAD, conditional and range requests (no Last-Modified: zero time).
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// inject adds the live-reload script to a page; built pages never contain it. The build
// number lets the page reload at once if a rebuild happened before its event stream opened.
func inject(page []byte, build int) []byte {
	tag := []byte(fmt.Sprintf(`<script src="%slive.js" data-build="%d" defer></script>`, Prefix, build))
	if i := bytes.LastIndex(page, []byte("</body>")); i >= 0 {
		return append(append(append([]byte{}, page[:i]...), tag...), page[i:]...)
	}
	return append(append([]byte{}, page...), tag...)
}
