package deploy

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The S3 tests run against a real S3-compatible server, Versity S3 Gateway, started on a free
// loopback port and stopped by the test. Install it with
//
//	go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
//
// or point VERSITYGW at the binary. CI sets SITEGEN_REQUIRE_VERSITYGW=1 so they cannot skip.
const (
	versityAccess = "sitegen-test"
	versitySecret = "sitegen-test-secret"
)

type versity struct {
	addr string
	root string // the posix backend's folder: one sub-folder per bucket
	n    atomic.Int64
}

func startVersity(t *testing.T) *versity {
	t.Helper()
	bin := os.Getenv("VERSITYGW")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("versitygw"); err != nil {
			if os.Getenv("SITEGEN_REQUIRE_VERSITYGW") != "" {
				t.Fatal("versitygw is not installed, and SITEGEN_REQUIRE_VERSITYGW is set")
			}
			t.Skip("S3 tests skipped: versitygw not found (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0, or set VERSITYGW)")
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	v := &versity{addr: addr, root: t.TempDir()}
	cmd := exec.Command(bin, "--access", versityAccess, "--secret", versitySecret, "--port", addr, "posix", v.root)
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			t.Fatalf("versitygw exited: %s", log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s: %s", addr, log.String())
		}
	}
	t.Setenv("AWS_ACCESS_KEY_ID", versityAccess)
	t.Setenv("AWS_SECRET_ACCESS_KEY", versitySecret)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return v
}

// flakyS3 answers an error to the first `failures` PUTs of objects whose path ends in
// failKey, and passes everything else to the S3 server.
type flakyS3 struct {
	next     http.Handler
	mu       sync.Mutex
	failKey  string
	failures int
	status   int
	failed   int
}

func (f *flakyS3) fail(key string, failures, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failKey, f.failures, f.status, f.failed = key, failures, status, 0
}

// listKey, as failKey, fails listings of the bucket instead of uploads.
const listKey = "?list"

func (f *flakyS3) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.failed
}

func (f *flakyS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	listing := r.Method == http.MethodGet && !strings.Contains(strings.Trim(r.URL.Path, "/"), "/")
	fail := f.failed < f.failures && ((f.failKey == listKey && listing) ||
		(f.failKey != listKey && r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, f.failKey)))
	if fail {
		f.failed++
	}
	status := f.status
	f.mu.Unlock()
	if fail {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>injected by the test</Message></Error>`, strings.ReplaceAll(http.StatusText(status), " ", ""))
		return
	}
	f.next.ServeHTTP(w, r)
}

// flaky puts a flakyS3 proxy in front of the server and returns it with target going
// through it; the proxy stops with the test.
func (v *versity) flaky(t *testing.T, target string) (*flakyS3, string) {
	proxy := &flakyS3{next: httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: v.addr})}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return proxy, strings.Replace(target, v.addr, strings.TrimPrefix(srv.URL, "http://"), 1)
}

func (v *versity) url(bucket string) string {
	return fmt.Sprintf("s3://%s?endpoint=http://%s&region=us-east-1&use_path_style=true&disable_https=true", bucket, v.addr)
}

// bucket makes an empty bucket (a folder of the posix backend) and returns its URL.
func (v *versity) bucket(t *testing.T) string {
	name := fmt.Sprintf("site-%d", v.n.Add(1))
	if err := os.Mkdir(filepath.Join(v.root, name), 0o755); err != nil {
		t.Fatal(err)
	}
	return v.url(name)
}

func TestDeployS3(t *testing.T) {
	v := startVersity(t)
	testDeploy(t, v.bucket)

	t.Run("prefix", func(t *testing.T) {
		dir, target := t.TempDir(), v.bucket(t)
		writeSite(t, dir, sampleSite())
		other := target + "&prefix=other/"
		otherDir := t.TempDir()
		writeSite(t, otherDir, map[string]string{"index.html": "other site"})
		run(t, Options{Target: other, Dir: otherDir, MaxDeletes: DefaultMaxDeletes})
		run(t, Options{Target: target + "&prefix=site/", Dir: dir, MaxDeletes: DefaultMaxDeletes})
		// A smaller site under site/ deletes only below site/.
		os.RemoveAll(filepath.Join(dir, "companies"))
		res := run(t, Options{Target: target + "&prefix=site/", Dir: dir, MaxDeletes: DefaultMaxDeletes})
		if res.Deleted != 2 {
			t.Errorf("deleted %d, want the 2 company pages", res.Deleted)
		}
		if got := remote(t, other); len(got) != 1 || string(got["index.html"].body) != "other site" {
			t.Errorf("the other prefix was touched: %v", got)
		}
	})

	t.Run("a multipart upload is compared by its stored MD5", func(t *testing.T) {
		dir, target := t.TempDir(), v.bucket(t)
		big := make([]byte, 20<<20) // above gocloud's part size: stored in parts, listed without an MD5
		rand.NewChaCha8([32]byte{1}).Read(big)
		writeSite(t, dir, map[string]string{"index.html": "home", "video.mp4": string(big)})
		o := Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes}
		run(t, o)
		if res := run(t, o); res.Uploaded != 0 {
			t.Errorf("second deploy uploaded %d files", res.Uploaded)
		}
		if got := remote(t, target)["video.mp4"]; got.contentType != "video/mp4" || len(got.body) != len(big) {
			t.Errorf("video.mp4 stored as %q, %d bytes", got.contentType, len(got.body))
		}
	})

	t.Run("server errors are retried; a refused upload stops the deploy before deletes", func(t *testing.T) {
		dir, target := t.TempDir(), v.bucket(t)
		writeSite(t, dir, sampleSite())
		proxy, target := v.flaky(t, target)
		// The SDK tries each request 3 times; the first 4 PUTs of index.html fail, so only
		// sitegen's own retry gets it through.
		proxy.fail("/index.html", 4, http.StatusServiceUnavailable)
		res := run(t, Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes})
		if res.Uploaded != len(deployed()) || proxy.count() != 4 {
			t.Errorf("uploaded %d of %d after %d failures", res.Uploaded, len(deployed()), proxy.count())
		}
		// A page the store refuses (a 4xx is not retried): the deploy stops with one line
		// and deletes nothing.
		os.Remove(filepath.Join(dir, "feed.xml"))
		writeSite(t, dir, map[string]string{"companies/acme/index.html": "edited"})
		proxy.fail("/companies/acme/index.html", 1000, http.StatusBadRequest)
		_, err := Run(context.Background(), Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes})
		if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "companies/acme/index.html") {
			t.Errorf("err %v", err)
		}
		if n := proxy.count(); n != 1 {
			t.Errorf("a 400 was tried %d times", n)
		}
		if _, ok := remote(t, target)["feed.xml"]; !ok {
			t.Error("feed.xml was deleted although an upload failed")
		}
	})

	t.Run("a failed listing is retried from the same page, and a lasting one is named", func(t *testing.T) {
		dir, target := t.TempDir(), v.bucket(t)
		writeSite(t, dir, sampleSite())
		proxy, target := v.flaky(t, target)
		// 3 failures use up the SDK's own attempts: sitegen's retry must list again from
		// the first page (it lost the page token and failed with a bare EOF before).
		proxy.fail(listKey, 3, http.StatusServiceUnavailable)
		res := run(t, Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes})
		if res.Uploaded != len(deployed()) || proxy.count() != 3 {
			t.Errorf("uploaded %d of %d after %d failed listings", res.Uploaded, len(deployed()), proxy.count())
		}
		proxy.fail(listKey, 1000, http.StatusServiceUnavailable)
		_, err := Run(context.Background(), Options{Target: target, Dir: dir, MaxDeletes: DefaultMaxDeletes})
		if err == nil || !strings.Contains(err.Error(), "throttling requests (ServiceUnavailable, HTTP 503)") {
			t.Errorf("err %v, want the store's 503 named", err)
		}
	})

	t.Run("errors", func(t *testing.T) {
		dir := t.TempDir()
		writeSite(t, dir, sampleSite())
		target := v.bucket(t)
		for _, tt := range []struct {
			name, target, secret, want string
		}{
			{"wrong secret", target, "wrong", "access denied (SignatureDoesNotMatch): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"},
			{"missing bucket", v.url("no-such-bucket"), versitySecret, "the bucket does not exist (create it, or check the name in --target)"},
			{"unreachable", strings.Replace(target, v.addr, "127.0.0.1:1", 1), versitySecret, "cannot reach the store: dial tcp 127.0.0.1:1"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				t.Setenv("AWS_SECRET_ACCESS_KEY", tt.secret)
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				_, err := Run(ctx, Options{Target: tt.target, Dir: dir, MaxDeletes: DefaultMaxDeletes})
				if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
					t.Errorf("err %v\nwant one line with %q", err, tt.want)
				}
			})
		}
		if n := countStored(target); n != 0 {
			t.Errorf("failed deploys stored %d files", n)
		}
	})
}
