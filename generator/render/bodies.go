package render

import (
	"cmp"
	"fmt"
	"sync"

	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/markdown"
)

// sharedBodies are the bodies converted once for the pages of one content file in every
// language: a profile without a translation is shown in each language with its own body,
// whose links differ only by the language's base path (markdown.Portable). A body is kept
// only while a writer holds its file (Renderer.HoldBody), so memory stays bounded by the
// writers, not the site.
type sharedBodies struct {
	mu   sync.Mutex
	held map[string]*heldBody
}

type heldBody struct {
	p     *markdown.Portable
	tried bool // converted, p being nil when the body cannot be shared
}

// HoldBody keeps the body of the content file source, once a renderer sharing with r
// (Share) converts it, for the others, until release is called. A writer that renders
// the pages of one file in all languages one after the other converts its Markdown once.
func (r *Renderer) HoldBody(source string) (release func()) {
	b := r.bodies
	b.mu.Lock()
	b.held[source] = &heldBody{}
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		delete(b.held, source)
		b.mu.Unlock()
	}
}

// portable returns the shared conversion of e's body, converting it when e's file is held
// and not yet converted; nil when it is not held or cannot be shared (a body in a bundle
// has photos, one with shortcodes draws them in the page's language, a translation's
// body is its language's alone).
func (r *Renderer) portable(e *content.Entry) (*markdown.Portable, error) {
	if e.Bundle != "" || len(e.Shortcodes) > 0 || cmp.Or(e.TextSource, e.Source) != e.Source {
		return nil, nil
	}
	b := r.bodies
	b.mu.Lock()
	h := b.held[e.Source]
	b.mu.Unlock()
	if h == nil {
		return nil, nil
	}
	// A file is held by one writer, which renders its pages one at a time: h is not
	// converted by two goroutines at once.
	if h.tried {
		return h.p, nil
	}
	body, err := r.site.BodyOf(e)
	if err != nil {
		return nil, err
	}
	p, err := r.md.ConvertPortable(body)
	if err != nil {
		return nil, fmt.Errorf("%s:%d: markdown: %w", e.Source, e.BodyLine, err)
	}
	h.p, h.tried = p, true
	return p, nil
}
