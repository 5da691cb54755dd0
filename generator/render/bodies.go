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
	holders int // guarded by sharedBodies.mu
	once    sync.Once
	p       *markdown.Portable // nil when the body cannot be shared
	err     error
}

// HoldBody keeps the body of the content file source, once a renderer sharing with r
// (Share) converts it, for the others, until release is called. A writer that renders
// the pages of one file in all languages one after the other converts its Markdown once.
func (r *Renderer) HoldBody(source string) (release func()) {
	b := r.bodies
	b.mu.Lock()
	h := b.held[source]
	if h == nil {
		h = &heldBody{}
		b.held[source] = h
	}
	h.holders++
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		if h.holders--; h.holders == 0 {
			delete(b.held, source)
		}
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
	// The writer holding the file renders its pages one at a time, but a page asked for
	// meanwhile (serve's Ready) may render beside it: the first converts, once.
	h.once.Do(func() {
		body, err := r.site.BodyOf(e)
		if err != nil {
			h.err = err
			return
		}
		h.p, h.err = r.md.ConvertPortable(body)
		if h.err != nil {
			h.err = fmt.Errorf("%s:%d: markdown: %w", e.Source, e.BodyLine, h.err)
		}
	})
	return h.p, h.err
}
