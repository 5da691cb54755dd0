// Package themes holds the themes built into sitegen, so that the binary alone builds a
// site: a site without its own themes/<name>/ folder uses the built-in one, and a site's
// own files there (or in layouts/ and static/) win over it file by file.
package themes

import (
	"embed"
	"io/fs"

	"gopkg.in/yaml.v3"
)

//go:embed default
var builtIn embed.FS

// FS is the built-in themes, one folder per theme (default/layouts/baseof.html ...).
var FS fs.FS = builtIn

// InfoFile is a theme's description: its name and version.
const InfoFile = "theme.yaml"

// Info is what a theme says about itself in InfoFile.
type Info struct {
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	Description string `yaml:"description"`
}

// ReadInfo reads the InfoFile of the theme in dir of fsys (an empty Info if it has none).
func ReadInfo(fsys fs.FS, dir string) (Info, error) {
	var info Info
	data, err := fs.ReadFile(fsys, dir+"/"+InfoFile)
	if err != nil {
		return info, err
	}
	err = yaml.Unmarshal(data, &info)
	return info, err
}
