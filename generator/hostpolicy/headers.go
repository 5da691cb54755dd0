package hostpolicy

import (
	"fmt"
	"strings"
)

// CSP is the Content-Security-Policy a built site satisfies: everything from its own
// origin, no inline script or style, data: images only, and frames only from frameHosts
// (the video players its content embeds); https sites also upgrade insecure requests.
func CSP(frameHosts []string, https bool) string {
	parts := []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
		"font-src 'self'", "connect-src 'self'", "media-src 'self'", "object-src 'none'", "base-uri 'self'",
		"form-action 'self'", "frame-ancestors 'none'"}
	if len(frameHosts) > 0 {
		parts = append(parts, "frame-src "+strings.Join(frameHosts, " "))
	} else {
		parts = append(parts, "frame-src 'none'")
	}
	if https {
		parts = append(parts, "upgrade-insecure-requests")
	}
	return strings.Join(parts, "; ")
}

// SecurityHeaders are the headers sent with every file of a site whose policy is csp.
func SecurityHeaders(csp string) [][2]string {
	return [][2]string{
		{"Content-Security-Policy", csp},
		{"X-Content-Type-Options", "nosniff"},
		{"Referrer-Policy", "strict-origin-when-cross-origin"},
		{"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"},
		{"X-Frame-Options", "DENY"},
	}
}

// HeadersFile is Netlify's and Cloudflare Pages' _headers for a site below the URL path
// root ("/" or "/pseb/"): security for every file, a year's caching for AssetDir. A line
// longer than the hosts accept is an error, not a header they would drop.
func HeadersFile(root string, security [][2]string) ([]byte, error) {
	var b strings.Builder
	b.WriteString(`# Written by sitegen for Netlify and Cloudflare Pages. Security headers for every file;
# fingerprinted assets (below assets/, named after their bytes) cached for a year. Pages,
# feeds, the sitemap and search data keep both hosts' default, revalidated on every visit
# (public, max-age=0, must-revalidate): a Cache-Control on /* would be merged into the
# assets' one by Cloudflare. No Content-Encoding: the hosts compress, and Netlify ignores it.
`)
	rules := []struct {
		path    string
		headers [][2]string
	}{
		{root + "*", security},
		{root + AssetDir + "*", [][2]string{{"Cache-Control", ImmutableCache}}},
	}
	for _, rule := range rules {
		b.WriteString(rule.path + "\n")
		for _, h := range rule.headers {
			line := "  " + h[0] + ": " + h[1]
			if len(line) > MaxHeaderLineSize {
				return nil, fmt.Errorf("_headers: the %s line has %d characters; Cloudflare Pages allows %d", h[0], len(line), MaxHeaderLineSize)
			}
			b.WriteString(line + "\n")
		}
	}
	return []byte(b.String()), nil
}
