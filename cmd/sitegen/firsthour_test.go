package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFirstHourGuide runs the commands of docs/content.md's "first hour" guide as written,
// in an empty folder with its own HOME: every line must succeed. `go install` is how the
// reader gets the binary this test already is; `sitegen serve` runs until the new company's
// page is served, on a free port instead of 1313 so that the test cannot collide with a
// server already running.
func TestFirstHourGuide(t *testing.T) {
	lines := guideLines(t, "../../docs/content.md")
	if len(lines) < 6 {
		t.Fatalf("the first-hour guide has %d lines: %q", len(lines), lines)
	}
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Chdir(dir)
	ran := 0
	for _, line := range lines {
		args := shellWords(t, os.ExpandEnv(line))
		switch {
		case args[0] == "go" && len(args) > 1 && args[1] == "install":
			continue
		case args[0] == "mkdir" && len(args) == 3 && args[1] == "-p":
			if err := os.MkdirAll(args[2], 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		case args[0] == "cd" && len(args) == 2:
			t.Chdir(args[1])
			continue
		case args[0] != "sitegen":
			t.Fatalf("the guide runs %q, which this test cannot", line)
		}
		ran++
		if len(args) > 1 && args[1] == "serve" {
			serveUntilPage(t, append(args[1:], "--port", "0"), "/companies/acme-soft/", "Acme Soft")
			continue
		}
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args[1:], &stdout, &stderr); code != exitOK {
			t.Fatalf("%s: exit %d\n%s%s", line, code, stdout.String(), stderr.String())
		}
	}
	if ran < 5 {
		t.Errorf("only %d sitegen commands ran", ran)
	}
	if _, err := os.Stat(filepath.Join(dir, "www", "companies", "acme-soft", "index.html")); err != nil {
		t.Errorf("the guide's deploy did not publish the new company: %v", err)
	}
}

// guideLines returns the lines of the shell block that follows the first-hour marker.
func guideLines(t *testing.T, doc string) []string {
	t.Helper()
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "TestFirstHourGuide")
	if !ok {
		t.Fatalf("%s has no block marked for TestFirstHourGuide", doc)
	}
	_, block, ok := strings.Cut(after, "```sh\n")
	if !ok {
		t.Fatal("no ```sh block after the marker")
	}
	block, _, _ = strings.Cut(block, "```")
	var lines []string
	for _, l := range strings.Split(block, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// shellWords splits a command line as a POSIX shell does for the guide's simple lines:
// words separated by spaces, double-quoted parts kept together.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	inQuote, inWord := false, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote, inWord = !inQuote, true
		case r == ' ' && !inQuote:
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quote in %q", line)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// lockedBuffer is an io.Writer safe for the server's goroutine and the test's reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var servingURL = regexp.MustCompile(`Serving (http://\S+)`)

// serveUntilPage runs `sitegen serve` until path answers with want in it, then stops it as
// Ctrl-C would.
func serveUntilPage(t *testing.T, args []string, path, want string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out lockedBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, &out, &out) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("sitegen serve did not stop within 30 s of its context ending")
		}
	}()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingURL.FindStringSubmatch(out.String()); m != nil {
			resp, err := http.Get(strings.TrimSuffix(m[1], "/") + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(bufio.NewReader(resp.Body))
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(want)) {
				t.Fatalf("GET %s: %s, %d bytes without %q", path, resp.Status, len(body), want)
			}
			return
		}
		select {
		case code := <-done:
			t.Fatalf("sitegen serve ended with %d before serving:\n%s", code, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("sitegen serve printed no address within 60 s:\n%s", out.String())
}
