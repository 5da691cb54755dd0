package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sitegen": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script. Each script starts in a folder that
// holds a copy of the repository's themes/; the scripts write their own content/.
func TestScripts(t *testing.T) {
	themes, err := filepath.Abs("../../themes")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			return os.CopyFS(filepath.Join(env.WorkDir, "themes"), os.DirFS(themes))
		},
	})
}

func TestBindWarning(t *testing.T) {
	for _, tt := range []struct {
		bind   string
		drafts bool
		want   string
	}{
		{"127.0.0.1", true, ""},
		{"::1", false, ""},
		{"localhost", false, ""},
		{"0.0.0.0", false, "warning: listening on 0.0.0.0: other machines on the network can read the preview"},
		{"0.0.0.0", true, "warning: listening on 0.0.0.0: other machines on the network can read the preview, drafts included"},
	} {
		if got := bindWarning(tt.bind, tt.drafts); got != tt.want {
			t.Errorf("bindWarning(%q, %v) = %q, want %q", tt.bind, tt.drafts, got, tt.want)
		}
	}
}
