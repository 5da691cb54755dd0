package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// ExternalOptions bound how external links are checked: each URL once, at most Workers
// requests at a time and PerHost to one host, each with a Timeout, retried Retries times
// after a 5xx, a 429 or a network error, waiting Backoff, then twice as long, and so on.
type ExternalOptions struct {
	Client    *http.Client
	Workers   int           // default 8
	PerHost   int           // default 2
	Timeout   time.Duration // per request, default 10s
	Retries   int           // default 2
	Backoff   time.Duration // default 500ms
	UserAgent string
}

func (o *ExternalOptions) defaults() {
	if o.Client == nil {
		o.Client = &http.Client{}
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 2
	}
	if o.Backoff <= 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.UserAgent == "" {
		o.UserAgent = "sitegen-linkcheck/1 (+https://github.com/pseb/sitegen)"
	}
}

// outcome is what one external URL answered.
type outcome struct {
	status int    // final HTTP status, 0 when none
	kind   string // the counting key: "200", "404", "timeout", "error"
	err    error
}

func (o outcome) ok() bool { return o.status >= 200 && o.status < 400 }

// checkExternal asks each distinct external URL once and reports the links to those that
// fail, in every file that has them.
func checkExternal(ctx context.Context, links []link, opts ExternalOptions) ([]Finding, map[string]int, error) {
	opts.defaults()
	var urls []string
	seen := map[string]bool{}
	for _, l := range links {
		u := withoutFragment(l.raw)
		if !seen[u] {
			seen[u] = true
			urls = append(urls, u)
		}
	}
	slices.Sort(urls)
	results := make([]outcome, len(urls))
	var mu sync.Mutex
	hosts := map[string]chan struct{}{}
	slot := func(host string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if hosts[host] == nil {
			hosts[host] = make(chan struct{}, opts.PerHost)
		}
		return hosts[host]
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opts.Workers)
	for i, raw := range urls {
		g.Go(func() error {
			u, _ := url.Parse(raw)
			sem := slot(u.Host)
			select {
			case sem <- struct{}{}:
			case <-gctx.Done():
				return gctx.Err()
			}
			defer func() { <-sem }()
			results[i] = ask(gctx, raw, opts)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	counts := map[string]int{}
	byURL := map[string]outcome{}
	for i, u := range urls {
		counts[results[i].kind]++
		byURL[u] = results[i]
	}
	var out []Finding
	for _, l := range links {
		r := byURL[withoutFragment(l.raw)]
		if r.ok() {
			continue
		}
		f := Finding{File: l.file, Link: l.raw, Status: r.status}
		switch {
		case r.status != 0:
			f.Msg = fmt.Sprintf("external link %q answers %d %s", l.raw, r.status, http.StatusText(r.status))
			f.Hint = "fix or remove the link"
			if r.status == http.StatusTooManyRequests {
				f.Hint = "the server limits requests; check it again later"
			}
		case r.kind == "timeout":
			f.Msg = fmt.Sprintf("external link %q did not answer within %s", l.raw, opts.Timeout)
			f.Hint = "check that the site is up"
		default:
			f.Msg = fmt.Sprintf("external link %q cannot be reached: %v", l.raw, r.err)
			f.Hint = "check the address"
		}
		out = append(out, f)
	}
	return out, counts, nil
}

func withoutFragment(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Fragment = ""
	return u.String()
}

// ask requests raw with HEAD (GET when the server does not allow HEAD), retrying
// transient failures with growing pauses.
func ask(ctx context.Context, raw string, opts ExternalOptions) outcome {
	var last answer
	for attempt := 0; attempt <= opts.Retries; attempt++ {
		if attempt > 0 {
			wait := opts.Backoff << (attempt - 1)
			if ra := last.retryAfter; ra > 0 && ra < 30*time.Second {
				wait = max(wait, ra)
			}
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return outcome{kind: "canceled", err: ctx.Err()}
			}
		}
		last = request(ctx, http.MethodHead, raw, opts)
		if last.status == http.StatusMethodNotAllowed || last.status == http.StatusNotImplemented || last.status == http.StatusForbidden {
			last = request(ctx, http.MethodGet, raw, opts)
		}
		if !last.transient() {
			break
		}
	}
	return last.outcome
}

// answer is one request's outcome and whether to try again.
type answer struct {
	outcome
	retryAfter time.Duration
}

func (a answer) transient() bool {
	return a.status >= 500 || a.status == http.StatusTooManyRequests || (a.status == 0 && a.kind != "canceled")
}

func request(ctx context.Context, method, raw string, opts ExternalOptions) answer {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, raw, nil)
	if err != nil {
		return answer{outcome: outcome{kind: "error", err: err}}
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	resp, err := opts.Client.Do(req)
	if err != nil {
		var ne net.Error
		switch {
		case errors.Is(err, context.Canceled):
			return answer{outcome: outcome{kind: "canceled", err: err}}
		case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
			return answer{outcome: outcome{kind: "timeout", err: err}}
		}
		return answer{outcome: outcome{kind: "error", err: err}}
	}
	// Read a little and close, so the connection can be reused.
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
	a := answer{outcome: outcome{status: resp.StatusCode, kind: strconv.Itoa(resp.StatusCode)}}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
		a.retryAfter = time.Duration(s) * time.Second
	}
	return a
}
