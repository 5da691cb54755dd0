#!/usr/bin/env bash
# What `sitegen deploy` costs on the bench corpus, against a file:// target: the first
# deploy (everything uploaded), then no-op `deploy --dry-run` runs (nothing changed: list,
# the last deploy's manifest, hash every local file), a no-op deploy, and a deploy after
# a one-file edit. From the project root:
#   .bench/deploy.sh [COMPANIES] [ROUNDS]
set -euo pipefail
N=${1:-10000}; ROUNDS=${2:-5}
W=${TMPDIR:-/tmp}/sitegen-deploy
source "$(dirname "$0")/lib.sh"
rm -rf "$W/public" "$W/target" "$W"/.public.*; mkdir -p "$W/target"
"$W/sitegen" build --source "$C" --dest "$W/public" --no-cache >/dev/null
T="file://$W/target"
echo "site: $(find "$W/public" -type f | wc -l) files, $(du -sh "$W/public" | cut -f1)"
echo "first deploy: $(secs "$W/sitegen" deploy --source "$C" --dest "$W/public" --target "$T") s"
D=(); for i in $(seq 1 "$ROUNDS"); do D+=("$(secs "$W/sitegen" deploy --source "$C" --dest "$W/public" --target "$T" --dry-run)"); done
echo "no-op deploy --dry-run: ${D[*]} s (median $(median "${D[@]}"))"
R=(); for i in $(seq 1 "$ROUNDS"); do R+=("$(secs "$W/sitegen" deploy --source "$C" --dest "$W/public" --target "$T")"); done
echo "no-op deploy: ${R[*]} s (median $(median "${R[@]}"))"
files=("$C"/content/companies/*.md); page=$(basename "${files[0]}")
cp "$C/content/companies/$page" "$W/page.bak"
trap 'cp "$W/page.bak" "$C/content/companies/$page"' EXIT
echo "Edited paragraph." >> "$C/content/companies/$page"
"$W/sitegen" build --source "$C" --dest "$W/public" --no-cache >/dev/null
"$W/sitegen" deploy --source "$C" --dest "$W/public" --target "$T" --dry-run | tail -1
echo "deploy after a one-file edit: $(secs "$W/sitegen" deploy --source "$C" --dest "$W/public" --target "$T" --changed-list "$W/changed.txt") s; $(wc -l < "$W/changed.txt") changed paths"
