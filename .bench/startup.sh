#!/usr/bin/env bash
# How soon `sitegen serve` answers after launch: the home page, then a profile and a listing
# page written on request, and when the background writer has every file on disk; serve's
# peak RSS. From the project root:
#   .bench/startup.sh 10000     # the bench corpus, one language
#   .bench/startup.sh real      # 20,000 companies in en, zh, ar
set -euo pipefail
N=${1:-10000}
listing=/services/bpo/page/7/
if [ "$N" = real ]; then
  REAL=1 N=20000 W=${TMPDIR:-/tmp}/sitegen-real
  listing=/ar/services/bpo/page/7/
fi
W=${W:-/tmp/sitegen-bench}
. "$(dirname "$0")/lib.sh"
port=$((20000 + RANDOM % 20000))
now() { date +%s.%N; }
t0=$(now)
/usr/bin/time -v "$W/sitegen" serve --source "$C" --port "$port" >"$W/startup.log" 2>"$W/startup.time" &
pid=$!
trap 'pkill -INT -P $pid 2>/dev/null || true; kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
t1=$(now)
curl -sf -o /dev/null "http://127.0.0.1:$port/companies/company-00042/"
t2=$(now)
curl -s -o /dev/null "http://127.0.0.1:$port$listing"
t3=$(now)
until grep -q '^Settled' "$W/startup.log"; do sleep 0.5; done
t4=$(now)
printf 'home page %.2f s after launch; a profile %.0f ms later; %s %.0f ms later; every file on disk %.1f s after launch\n' \
  "$(echo "$t1 - $t0" | bc)" "$(echo "($t2 - $t1) * 1000" | bc)" "$listing" "$(echo "($t3 - $t2) * 1000" | bc)" "$(echo "$t4 - $t0" | bc)"
kill -INT "$(pgrep -P $pid sitegen || echo $pid)" 2>/dev/null || true
wait $pid 2>/dev/null || true
echo "serve peak RSS: $(grep 'Maximum resident' "$W/startup.time" | awk '{print int($NF/1024)}') MiB"
