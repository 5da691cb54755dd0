#!/usr/bin/env bash
# sitegen import at PSEB's real size: the registry export of the bench corpus (one row per
# company, written by .bench/registryexport) imported into a copy of the corpus's settings,
# data and parks without its profiles (every row creates one), then imported again (every
# row unchanged; the files are compared by hash). From the project root:
#   .bench/import.sh [COMPANIES] [RUNS]
set -euo pipefail
N=${1:-20000}; RUNS=${2:-3}
W=${TMPDIR:-/tmp}/sitegen-real REAL=1
. "$(dirname "$0")/lib.sh"
go run ./.bench/registryexport -corpus "$C" >"$W/registry.csv"
S=$W/import-site
tree() { (cd "$S" && find content -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum); }
for i in $(seq 1 "$RUNS"); do
  rm -rf "$S"; mkdir -p "$S/content"
  cp -r "$C/content/site.yaml" "$C/content/data" "$C/content/parks" "$S/content/"
  first=$(secs "$W/sitegen" import --source "$S" "$W/registry.csv")
  made=$(find "$S/content/companies" -name '*.md' | wc -l)
  before=$(tree)
  again=$(secs "$W/sitegen" import --source "$S" "$W/registry.csv")
  same=no; [ "$before" = "$(tree)" ] && same=yes
  echo "run $i: first import ${first}s ($made profiles created), second ${again}s (files unchanged: $same)"
done
"$W/sitegen" build --source "$S" --dest "$W/import-out" --cache-dir "" --quiet && echo "the imported site builds"
