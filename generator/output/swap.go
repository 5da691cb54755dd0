package output

import "os"

// renameSwap swaps a and b with three renames for systems without an atomic exchange.
func renameSwap(a, b string) error {
	side := a + ".old"
	if err := os.Rename(b, side); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(side, b)
		return err
	}
	return os.Rename(side, a)
}
