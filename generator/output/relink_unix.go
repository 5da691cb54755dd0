//go:build unix

package output

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sys/unix"
)

// relinkAll makes each changed file (slash-separated) of folder to what it is in folder
// from, both in root: a link to from's, or gone, with the folders that leaves empty. The
// files are taken a folder at a time: each folder of either tree is opened once (through
// that tree opened as a root of its own, so a symbolic link never leads out of it, not even
// to a folder beside it such as the sources) and its files are unlinked and linked by name
// (unlinkat, linkat). One path at a time through root costs a system call for every folder
// on the way, for each of two trees: at PSEB's size the copy after a company was deleted
// (every search index file and its compressed siblings renamed) took 10.3 s, 6.5 s now.
// Folders are removed only once every file is done, so none is removed under a worker
// linking into it.
func relinkAll(root *os.Root, from, to string, changed []string) error {
	byDir := map[string][]string{}
	for _, rel := range changed {
		byDir[path.Dir(rel)] = append(byDir[path.Dir(rel)], path.Base(rel))
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	fromRoot, err := root.OpenRoot(from)
	if err != nil {
		return err
	}
	defer fromRoot.Close()
	toRoot, err := root.OpenRoot(to)
	if err != nil {
		return err
	}
	defer toRoot.Close()
	var g errgroup.Group
	n := walkers()
	emptied := make([][]string, n) // folders of to that lost a file, by worker
	slow := make([][]string, n)    // paths a folder stands in the way of
	for w := range n {
		g.Go(func() error {
			for k := w; k < len(dirs); k += n {
				lost, blocked, err := relinkDir(fromRoot, toRoot, dirs[k], byDir[dirs[k]])
				if err != nil {
					return err
				}
				if lost {
					emptied[w] = append(emptied[w], dirs[k])
				}
				slow[w] = append(slow[w], blocked...)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, rels := range slow {
		for _, rel := range rels {
			if err := relink(root, from, to, rel); err != nil {
				return err
			}
		}
	}
	// Deepest first, so that a folder emptied by removing its emptied folders goes too.
	all := slices.Concat(emptied...)
	slices.SortFunc(all, func(a, b string) int { return len(b) - len(a) })
	for _, d := range all {
		removeEmptyParents(root, path.Join(to, d, "x"), to)
	}
	return nil
}

// relinkDir relinks the files names of folder dir (see relinkAll). lost reports that a
// file was removed from to's folder and not linked again; blocked are the paths where a
// folder of to stands where the file goes, left for relink.
func relinkDir(from, to *os.Root, dir string, names []string) (lost bool, blocked []string, err error) {
	src, err := from.Open(dir)
	switch {
	case err == nil:
		defer src.Close()
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, unix.ENOTDIR):
		src = nil // every file of the folder is gone from the site
	default:
		return false, nil, err
	}
	dst, err := to.Open(dir)
	if (errors.Is(err, fs.ErrNotExist) || errors.Is(err, unix.ENOTDIR)) && src != nil {
		// A folder new to the site (or a file where it goes: relink clears the way).
		blocked := make([]string, len(names))
		for i, name := range names {
			blocked[i] = path.Join(dir, name)
		}
		return false, blocked, nil
	}
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, unix.ENOTDIR) {
		return false, nil, nil // in neither tree
	}
	if err != nil {
		return false, nil, err
	}
	defer dst.Close()
	sfd, dfd := -1, int(dst.Fd())
	if src != nil {
		sfd = int(src.Fd())
	}
	for _, name := range names {
		if err := unix.Unlinkat(dfd, name, 0); err != nil && !errors.Is(err, unix.ENOENT) {
			if errors.Is(err, unix.EISDIR) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOTDIR) {
				// A folder where the file goes, or a file where its folder goes.
				blocked = append(blocked, path.Join(dir, name))
				continue
			}
			return false, nil, &fs.PathError{Op: "unlinkat", Path: path.Join(to.Name(), dir, name), Err: err}
		}
		if src == nil {
			lost = true
			continue
		}
		// linkat without AT_SYMLINK_FOLLOW links a symbolic link itself, never its target.
		switch err := unix.Linkat(sfd, name, dfd, name, 0); {
		case err == nil:
		case errors.Is(err, unix.ENOENT):
			lost = true // gone from the site
		default:
			// Links cannot be made here (another file system, a file that is not a
			// regular file): relink copies, or says why.
			blocked = append(blocked, path.Join(dir, name))
		}
	}
	return lost, blocked, nil
}
