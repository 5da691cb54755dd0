package meta

import (
	"encoding/gob"
	"time"
)

// A Value travels through encoding/gob (a build cache keeps parsed front matter): these are
// the types V holds that gob does not know by itself.
func init() {
	gob.Register(&Map{})
	gob.Register([]*Value{})
	gob.Register(time.Time{})
}
