package deploy

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/aws/smithy-go"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	// The stores a target URL can name.
	_ "gocloud.dev/blob/azureblob"
	_ "gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/s3blob"
)

// credentialHints say where each store's credentials come from: the standard environment,
// never a flag or a file in the repository.
var credentialHints = map[string]string{
	"s3":     "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)",
	"gs":     "GOOGLE_APPLICATION_CREDENTIALS",
	"azblob": "AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY (or AZURE_STORAGE_SAS_TOKEN)",
	"file":   "the folder's permissions",
}

// CheckTarget refuses targets that could put files where they do not belong. A file://
// target may not overlap (be, contain or lie inside) the output folder dir nor any of the
// protected folders (the site's source, the build cache), compared after resolving
// symbolic links: a deploy deletes what the target has and the output lacks.
func CheckTarget(target, dir string, protected ...string) error {
	u, err := url.Parse(target)
	if err != nil || u.Scheme == "" {
		return fmt.Errorf("--target %q is not a URL (e.g. s3://my-bucket?region=eu-central-1 or file:///srv/www)", target)
	}
	if _, ok := credentialHints[u.Scheme]; !ok {
		return fmt.Errorf("--target %q: unsupported scheme %q (use s3://, gs://, azblob:// or file://)", target, u.Scheme)
	}
	if u.User != nil {
		return fmt.Errorf("--target must not carry credentials; set %s in the environment", credentialHints[u.Scheme])
	}
	if p := u.Query().Get("prefix"); p != "" {
		if !strings.HasSuffix(p, "/") || strings.HasPrefix(p, "/") || strings.Contains("/"+p, "/../") || strings.Contains("/"+p, "/./") {
			return fmt.Errorf("--target prefix %q must be a folder path ending in / (e.g. prefix=site/), or it would match other folders' files", p)
		}
	}
	if u.Scheme == "file" {
		if (u.Host != "" && u.Host != "localhost") || u.Path == "" || !filepath.IsAbs(filepath.FromSlash(u.Path)) {
			return fmt.Errorf("--target %q: a file:// target needs an absolute path, e.g. file:///srv/www", target)
		}
		tgt, err := realPath(filepath.FromSlash(u.Path))
		if err != nil {
			return fmt.Errorf("--target %s: %w", u.Path, err)
		}
		for i, p := range append([]string{dir}, protected...) {
			if p == "" {
				continue
			}
			real, err := realPath(p)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			if within(tgt, real) || within(real, tgt) {
				what := "the output folder"
				if i > 0 {
					what = "the protected folder"
				}
				return fmt.Errorf("--target %s overlaps %s %s: a deploy there would delete or overwrite it", tgt, what, real)
			}
		}
	}
	return nil
}

// realPath is p made absolute with every symbolic link resolved; for a path that does not
// exist yet, its longest existing parent is resolved and the rest kept.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		r, err := filepath.EvalSymlinks(abs)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(abs, rest), nil
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func open(ctx context.Context, target string) (*blob.Bucket, error) {
	b, err := blob.OpenBucket(ctx, target)
	if err != nil {
		return nil, describe(target, "", err)
	}
	return b, nil
}

// list reads the remote listing under the target's prefix; it is also where wrong
// credentials, a missing bucket or an unreachable endpoint first show.
func (d *deployer) list(ctx context.Context) (map[string]*blob.ListObject, error) {
	objs := map[string]*blob.ListObject{}
	// Cloud stores cap a page at 1000 keys or so. fileblob walks the whole folder for every
	// page, reading each file's attributes, so it gets the listing as one page: 13 pages of a
	// 12,000-file site took 4 of a no-op deploy's 5 seconds.
	// (A page's slice is made at its full size up front, so the page is large, not endless.)
	pageSize := 1000
	if strings.HasPrefix(d.opts.Target, "file:") {
		pageSize = 1 << 17
	}
	token := blob.FirstPageToken
	for {
		var page []*blob.ListObject
		// The token moves on only when a page was read: a failed attempt must not
		// restart the listing (or, with a nil token, end it with a bare EOF).
		err := d.retry(ctx, func(ctx context.Context) error {
			p, next, err := d.bucket.ListPage(ctx, token, pageSize, nil)
			if err != nil {
				return err
			}
			page, token = p, next
			return nil
		})
		if err != nil {
			return nil, describe(d.opts.Target, "", err)
		}
		for _, o := range page {
			if !o.IsDir {
				objs[o.Key] = o
			}
		}
		if len(token) == 0 {
			return objs, nil
		}
	}
}

// retry runs op with a timeout per attempt, again after a growing pause when the store
// failed for a reason that may pass (5xx, throttling, timeouts, lost connections).
func (d *deployer) retry(ctx context.Context, op func(context.Context) error) error {
	const attempts = 4
	pause := 200 * time.Millisecond
	for i := 1; ; i++ {
		actx, cancel := context.WithTimeout(ctx, d.opts.Timeout)
		err := op(actx)
		cancel()
		if err == nil || err == io.EOF || i == attempts || !transient(err) || ctx.Err() != nil {
			return err
		}
		select {
		case <-time.After(pause + rand.N(pause/2)):
		case <-ctx.Done():
			return ctx.Err()
		}
		pause *= 2
	}
}

// authCodes are S3 error codes that mean the credentials are wrong; gocloud reports most of
// them as Unknown.
var authCodes = map[string]bool{"InvalidAccessKeyId": true, "SignatureDoesNotMatch": true, "InvalidClientTokenId": true,
	"ExpiredToken": true, "AuthorizationHeaderMalformed": true, "AccessDenied": true, "InvalidToken": true, "AllAccessDisabled": true}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func transient(err error) bool {
	// The SDKs already retried a refused connection or an unknown host; another round of
	// attempts would only delay the error.
	var dnsErr *net.DNSError
	if authCodes[apiCode(err)] || errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dnsErr) {
		return false
	}
	// gocloud calls most store errors Unknown; where the HTTP status is known (S3), only
	// server errors, throttling and timeouts are worth another try.
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() != 0 {
		c := status.HTTPStatusCode()
		return c >= 500 || c == http.StatusTooManyRequests || c == http.StatusRequestTimeout
	}
	switch gcerrors.Code(err) {
	case gcerrors.Unknown, gcerrors.Internal, gcerrors.DeadlineExceeded, gcerrors.ResourceExhausted:
		return true
	}
	return false
}

func isNotFound(err error) bool { return gcerrors.Code(err) == gcerrors.NotFound }

// describe turns a store's error (often several lines of SDK detail) into one line that
// says what to do.
func describe(target, key string, err error) error {
	where := target
	if key != "" {
		where += " " + key
	}
	scheme, _, _ := strings.Cut(target, "://")
	code := apiCode(err)
	var nerr net.Error
	var operr *net.OpError
	switch {
	case authCodes[code] || gcerrors.Code(err) == gcerrors.PermissionDenied:
		return fmt.Errorf("%s: access denied (%s): check %s", where, firstLine(code, "permission denied"), credentialHints[scheme])
	case strings.Contains(err.Error(), "get credentials") || strings.Contains(err.Error(), "could not find default credentials"):
		return fmt.Errorf("%s: no credentials found: set %s in the environment", target, credentialHints[scheme])
	case code == "NoSuchBucket" || (key == "" && gcerrors.Code(err) == gcerrors.NotFound):
		return fmt.Errorf("%s: the bucket does not exist (create it, or check the name in --target)", target)
	case throttled(err):
		return fmt.Errorf("%s: the store is throttling requests (%s): run again later, or with fewer --workers", where, firstLine(statusText(err), "too many requests"))
	case statusCode(err) == http.StatusUnauthorized || statusCode(err) == http.StatusForbidden || azureAuth(err):
		return fmt.Errorf("%s: access denied (%s): check %s", where, firstLine(statusText(err), "permission denied"), credentialHints[scheme])
	case strings.Contains(strings.ToLower(err.Error()), "version") && statusCode(err) == http.StatusBadRequest:
		return fmt.Errorf("%s: the store does not accept this API version (%s): check the endpoint in --target", where, firstLine(statusText(err), ""))
	case errors.As(err, &operr):
		return fmt.Errorf("%s: cannot reach the store: %s", where, firstLine(operr.Error(), ""))
	case errors.As(err, &nerr) && nerr.Timeout():
		return fmt.Errorf("%s: cannot reach the store: timed out", where)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: cancelled", where)
	}
	return fmt.Errorf("%s: %s", where, firstLine(err.Error(), ""))
}

// statusCode is the HTTP status of a store's answer, 0 when unknown; S3 and Azure each
// report it in their own error type.
func statusCode(err error) int {
	var s3 interface{ HTTPStatusCode() int }
	if errors.As(err, &s3) {
		return s3.HTTPStatusCode()
	}
	var az *azcore.ResponseError
	if errors.As(err, &az) {
		return az.StatusCode
	}
	return 0
}

// statusText names the store's answer: its error code and HTTP status.
func statusText(err error) string {
	code := apiCode(err)
	var az *azcore.ResponseError
	if errors.As(err, &az) {
		code = az.ErrorCode
	}
	if st := statusCode(err); st != 0 {
		if code != "" {
			return fmt.Sprintf("%s, HTTP %d", code, st)
		}
		return fmt.Sprintf("HTTP %d %s", st, http.StatusText(st))
	}
	return code
}

func throttled(err error) bool {
	st := statusCode(err)
	code := apiCode(err)
	return st == http.StatusTooManyRequests || st == http.StatusServiceUnavailable || code == "SlowDown" || code == "Throttling" ||
		gcerrors.Code(err) == gcerrors.ResourceExhausted
}

func azureAuth(err error) bool {
	var az *azcore.ResponseError
	return errors.As(err, &az) && (az.ErrorCode == "AuthenticationFailed" || az.ErrorCode == "AuthorizationFailure" ||
		strings.HasPrefix(az.ErrorCode, "AuthorizationPermission"))
}

// firstLine keeps the first line of s, or fallback when s is empty.
func firstLine(s, fallback string) string {
	if s == "" {
		return fallback
	}
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

func md5sum(data []byte) string {
	sum := md5.Sum(data)
	return hex.EncodeToString(sum[:])
}
