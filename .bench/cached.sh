#!/usr/bin/env bash
# CI's build with the build cache at PSEB's real size (20,000 companies, or COMPANIES, in
# en, zh and ar): a whole build that makes the cache, then builds after one-file edits of
# each kind, ROUNDS times, each reporting wall seconds, peak RSS and the summary's cache
# line. Production options (fingerprints, --precompress). With TIMINGS=1 each build's
# stages follow its line (sitegen build --timings). From the project root:
#   [TIMINGS=1] .bench/cached.sh [COMPANIES] [ROUNDS]
set -euo pipefail
N=${1:-20000}; ROUNDS=${2:-3}
W=${TMPDIR:-/tmp}/sitegen-real REAL=1
. "$(dirname "$0")/lib.sh"
OUT=$W/cached-out
rm -rf "$OUT" "$W"/.cached-out.* "$W/cached-cache"
build() {
  local out
  out=$(/usr/bin/time -f 'TIME %e %M' "$W/sitegen" build --source "$C" --dest "$OUT" --precompress --cache-dir "$W/cached-cache" --timings 2>&1)
  echo "$out" | awk '/TIME/ {printf "%6.2f s %5d MiB", $2, $3/1024} /cache:/ {sub(/^ *cache: /, ""); c=$0} END {print "  " c}'
  [ -z "${TIMINGS:-}" ] || echo "$out" | grep -E '^ +[0-9.hmsµ]+  ' | sed 's/^/      /'
}
co=$C/content/companies; pg=$C/content/pages
page=$(ls "$pg" | head -1)
cp "$co/company-00001.md" "$W/company.bak"; cp "$pg/$page" "$W/page.bak"
trap 'cp "$W/company.bak" "$co/company-00001.md"; cp "$W/page.bak" "$pg/$page"; rm -f "$co/company-new-bench.md"' EXIT
echo "whole build:     $(build)"
for i in $(seq 1 "$ROUNDS"); do
  echo "round $i"
  echo "  nothing:       $(build)"
  printf '\nBody edit %d.\n' "$i" >> "$co/company-00001.md"
  echo "  company body:  $(build)"
  # Again: CI's steady state, where the build before changed few files (its copy is cheap).
  printf '\nBody edit %d again.\n' "$i" >> "$co/company-00001.md"
  echo "  body again:    $(build)"
  sed -i "0,/^name: .*/s//name: Renamed Company $i/" "$co/company-00001.md"
  echo "  company name:  $(build)"
  sed "s/^name: .*/name: New Bench Company $i/" "$co/company-00002.md" > "$co/company-new-bench.md"
  echo "  new company:   $(build)"
  rm "$co/company-new-bench.md"
  echo "  deleted:       $(build)"
  printf '\nPage edit %d.\n' "$i" >> "$pg/$page"
  echo "  page body:     $(build)"
done
