#!/usr/bin/env bash
# A/B of warm builds at PSEB's real size (20,000 companies, or COMPANIES, in en, zh and ar):
# two sitegen binaries, each with its own output folder and build cache made by one whole
# build, build the same edit (a sentence appended to a company's body) after each other,
# the order alternating each round, ROUNDS rounds. Each line: binary, round, wall seconds,
# user, system, peak RSS (KiB), then its stages (build --timings). Leave out the first
# round (a binary's first warm build links every file of its output). With TOUCH=1 every
# source file is touched before each edit, as a fresh checkout in CI leaves them (new
# stats: the scan reads and hashes them all, but for what a Git index vouches for). With
# CLONE=1 the corpus is a Git repository, each edit a commit, and each build runs in a
# fresh clone of it, as CI's checkout (git vouches for the files written before the second
# it wrote its index in). With EDIT=delete the edit is company-05000's file deleted in odd
# rounds and put back in even ones (a deleted and a new company: every search index file
# whose companies' numbers move). From the project root, with two binaries built from the
# commits to compare:
#   [TOUCH=1|CLONE=1] [EDIT=delete] .bench/abwarm.sh /path/to/sitegen-a /path/to/sitegen-b [ROUNDS] [COMPANIES]
set -euo pipefail
A=$1; B=$2; ROUNDS=${3:-7}; N=${4:-20000}
W=${TMPDIR:-/tmp}/sitegen-real REAL=1
. "$(dirname "$0")/lib.sh"
f=$C/content/companies/company-00001.md
[ "${EDIT:-body}" = delete ] && f=$C/content/companies/company-05000.md
cp "$f" "$W/abwarm-company.bak"
trap 'cp "$W/abwarm-company.bak" "$f"' EXIT
REPO=$W/abwarm-repo
if [ -n "${CLONE:-}" ]; then
  rm -rf "$REPO"; cp -r "$C" "$REPO"
  git -C "$REPO" init -q -b main; git -C "$REPO" add -A
  git -C "$REPO" -c user.name=bench -c user.email=bench@example.org commit -qm corpus
  f=$REPO/content/companies/${f##*/}
fi
run() { # run LABEL BINARY ROUND
  local out src=$C
  if [ -n "${CLONE:-}" ]; then
    src=$W/abwarm-site-$1; rm -rf "$src"; git clone -q "$REPO" "$src"; sync
  fi
  out=$( { /usr/bin/time -f "TIME %e %U %S %M" "$2" build --source "$src" --dest "$W/abwarm-out-$1" --precompress \
    --cache-dir "$W/abwarm-cache-$1" --timings; } 2>&1)
  echo "$1 $3 $(echo "$out" | awk '/^TIME/ {print $2, $3, $4, $5}') | $(echo "$out" | awk '/^ +[0-9.]+[mµ]?s  / {printf "%s ", $1}')"
}
for L in a b; do rm -rf "$W/abwarm-out-$L" "$W/abwarm-cache-$L" "$W"/.abwarm-out-$L.*; done
run a "$A" whole; run b "$B" whole
for i in $(seq 1 "$ROUNDS"); do
  if [ "${EDIT:-body}" = delete ]; then
    if [ $((i % 2)) = 1 ]; then rm "$f"; else cp "$W/abwarm-company.bak" "$f"; fi
  else
    printf '\nWe build cloud software for banks.\n' >> "$f"
  fi
  [ -z "${CLONE:-}" ] || { git -C "$REPO" add -A; git -C "$REPO" -c user.name=bench -c user.email=bench@example.org commit -qm "edit $i"; }
  [ -z "${TOUCH:-}" ] || find "$C" -type f -exec touch {} +
  if [ $((i % 2)) = 1 ]; then run a "$A" "$i"; run b "$B" "$i"; else run b "$B" "$i"; run a "$A" "$i"; fi
done
