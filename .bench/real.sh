#!/usr/bin/env bash
# A clean build at PSEB's real size: 20,000 companies (or COMPANIES) in English, Chinese and
# Arabic, a quarter of the companies translated, a 20,000-word made-up vocabulary. Reports
# wall and user time, peak RSS and the largest live heap after a garbage collection, per
# run (no output folder, no cache). From the project root:
#   .bench/real.sh [COMPANIES] [RUNS]
set -euo pipefail
N=${1:-20000}; RUNS=${2:-1}
W=${TMPDIR:-/tmp}/sitegen-real REAL=1
. "$(dirname "$0")/lib.sh"
for i in $(seq 1 "$RUNS"); do
  rm -rf "$W/out" "$W"/.out.*
  GODEBUG=gctrace=1 /usr/bin/time -v "$W/sitegen" build --source "$C" --dest "$W/out" --cache-dir "" >"$W/build.log" 2>"$W/time.log"
  wall=$(grep 'Elapsed (wall clock)' "$W/time.log" | awk '{print $NF}')
  user=$(grep 'User time' "$W/time.log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$W/time.log" | awk '{print int($NF/1024)}')
  live=$(grep '^gc ' "$W/time.log" | sed -E 's/.* ([0-9]+)->([0-9]+)->([0-9]+) MB.*/\3/' | sort -n | tail -1)
  echo "run $i: wall $wall, user ${user}s, peak RSS ${rss} MiB, largest live heap ${live} MB; $(tail -1 "$W/build.log" | sed 's/^ *//')"
done
