#!/usr/bin/env bash
# Clean builds of one corpus by sitegen and by Hugo (Debian's package, with the lean site in
# .bench/hugo-site), alternating, each with no output folder and no cache: wall seconds and
# peak RSS per run, then the medians and the ratio. From the project root:
#   .bench/compare.sh [COMPANIES] [RUNS]       one language (default 10,000 companies)
#   REAL=1 .bench/compare.sh [COMPANIES] [RUNS] PSEB's real shape: en, zh, ar (default 20,000)
# The issues' figures come from a separate reference harness with the same corpus and Hugo
# site; this script lets anyone with this repository and hugo installed repeat them.
set -euo pipefail
REAL=${REAL:-}
N=${1:-$([ -n "$REAL" ] && echo 20000 || echo 10000)}; RUNS=${2:-3}
W=${TMPDIR:-/tmp}/sitegen-compare
. "$(dirname "$0")/lib.sh"
command -v hugo >/dev/null || { echo "compare.sh needs hugo: apt-get install -y hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh needs /usr/bin/time: apt-get install -y time" >&2; exit 2; }
HS=$(pwd)/.bench/hugo-site
CFG=$HS/config.yaml; [ -n "$REAL" ] && CFG=$CFG,$HS/multilang.yaml
run() { # name, command...: prints "wall rss"
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$W/$name.time" "$@" >/dev/null 2>"$W/$name.err" || { cat "$W/$name.err" >&2; exit 1; }
  awk '{printf "%s %d\n", $1, $2/1024}' "$W/$name.time"
}
sw=(); hw=(); sr=(); hr=()
for i in $(seq 1 "$RUNS"); do
  rm -rf "$W/out-sitegen" "$W"/.out-sitegen.* "$W/out-hugo"
  read -r w r < <(run sitegen "$W/sitegen" build --quiet --source "$C" --dest "$W/out-sitegen" --no-cache)
  sw+=("$w"); sr+=("$r")
  read -r w2 r2 < <(run hugo hugo --quiet -s "$HS" --config "$CFG" --contentDir "$C/content" -d "$W/out-hugo" --minify)
  hw+=("$w2"); hr+=("$r2")
  echo "run $i: sitegen ${w}s ${r} MiB, hugo ${w2}s ${r2} MiB"
done
ms=$(median "${sw[@]}"); mh=$(median "${hw[@]}")
echo "median wall: sitegen ${ms}s, hugo ${mh}s, ratio $(echo "scale=2; $ms / $mh" | bc)"
echo "median peak RSS: sitegen $(median "${sr[@]}") MiB, hugo $(median "${hr[@]}") MiB"
echo "output files: sitegen $(find "$W/out-sitegen" -type f | wc -l), hugo $(find "$W/out-hugo" -type f | wc -l)"
