#!/usr/bin/env bash
# What --precompress costs on the bench corpus: a cold build (empty caches, fresh output
# folder) against a plain build, then rebuilds after a one-file edit with warm caches (the
# build cache writes only what the edit reaches; the compression cache compresses only new
# bytes) against plain rebuilds with their own cache, alternating, in one run. From the
# project root:
#   .bench/precompress.sh [COMPANIES] [ROUNDS]
set -euo pipefail
N=${1:-10000}; ROUNDS=${2:-3}
W=${TMPDIR:-/tmp}/sitegen-precompress
source "$(dirname "$0")/lib.sh"
PC=(); CC=()
for i in $(seq 1 "$ROUNDS"); do  # cold: fresh output folders, empty cache
  rm -rf "$W"/plain "$W"/pre "$W"/.plain.* "$W"/.pre.* "$W"/cache "$W"/cache-plain
  PC+=("$(secs "$W/sitegen" build --source "$C" --dest "$W/plain" --cache-dir "$W/cache-plain")")
  CC+=("$(secs "$W/sitegen" build --source "$C" --dest "$W/pre" --precompress --cache-dir "$W/cache")")
done
p=$(median "${PC[@]}"); q=$(median "${CC[@]}")
echo "cold: plain ${PC[*]} s (median $p), --precompress ${CC[*]} s (median $q), ratio $(echo "scale=2; $q / $p" | bc)"
files=("$C"/content/companies/*.md); page=$(basename "${files[0]}")
cp "$C/content/companies/$page" "$W/page.bak"
trap 'cp "$W/page.bak" "$C/content/companies/$page"' EXIT
P=(); Q=()
for i in $(seq 1 "$ROUNDS"); do
  echo "Edited paragraph $i." >> "$C/content/companies/$page"
  Q+=("$(secs "$W/sitegen" build --source "$C" --dest "$W/pre" --precompress --cache-dir "$W/cache")")
  P+=("$(secs "$W/sitegen" build --source "$C" --dest "$W/plain" --cache-dir "$W/cache-plain")")
done
p=$(median "${P[@]}"); q=$(median "${Q[@]}")
echo "one-file edit, warm cache: plain ${P[*]} s (median $p), --precompress ${Q[*]} s (median $q), ratio $(echo "scale=2; $q / $p" | bc)"
echo "output: $(find "$W/pre" -name '*.br' | wc -l) .br and $(find "$W/pre" -name '*.gz' | wc -l) .gz files; plain $(du -sh "$W/plain" | cut -f1), with siblings $(du -sh "$W/pre" | cut -f1)"
