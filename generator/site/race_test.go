//go:build race

package site

// raceEnabled is set when tests run under the race detector, which makes 10,000-company
// builds too slow for CI.
const raceEnabled = true
