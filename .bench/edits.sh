#!/usr/bin/env bash
# Save-to-visible latency of `sitegen serve` for each way an editor saves a company profile
# (in place, vim, atomic), at N companies (default 10000). From the project root:
#   .bench/edits.sh 10000
set -euo pipefail
N=${1:-10000}
W=${W:-/tmp/sitegen-bench}
. "$(dirname "$0")/lib.sh"
go build -o "$W/editlat" ./.bench/editlat
port=$((20000 + RANDOM % 20000))
"$W/sitegen" serve --source "$C" --port "$port" >"$W/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 0.5; done
page=company-00042
for style in inplace vim atomic; do
  "$W/editlat" -src "$C/content/companies/$page.md" -url "http://127.0.0.1:$port/companies/$page/" -style "$style" -n "${EDITS:-10}"
done
