#!/usr/bin/env bash
# Save-to-visible latency of `sitegen serve` for each kind of edit an editor makes to a
# company profile: a body saved in place, as vim saves, atomically; a changed name (listings
# reorder); a move to another city (CITIES, two IDs); a new company; a deleted one; an edit of
# the profile's layout (template); its park's name (park); a translation added to a company
# that had none (translation, when the site has zh). Median
# and p95 of EDITS (default 10) edits each, and serve's peak RSS. Edits are GAP apart
# (default 1s, 25s at the real size), so that each starts on a settled tree. ALSO names other pages the edit reaches (URL paths, space
# separated) that show the name: for name edits, the time until the last of them shows it
# is reported too. PEER=hugo runs the same edits against `hugo server` (0.111 from Debian,
# with the lean Hugo site of .bench/hugo-site) on a copy of the corpus, after
# sitegen's; an edit it never shows is reported as such. The edits start once serve's first
# build has every page on disk (WARM=0: at once). SERVE_FLAGS are added to serve's (e.g.
# --cpuprofile FILE). From the project root:
#   .bench/edits.sh 10000        # the bench corpus, one language
#   PEER=hugo GAP=8s EDITS=5 .bench/edits.sh 10000
#   .bench/edits.sh real         # PSEB's real size: 20,000 companies in en, zh, ar
set -euo pipefail
N=${1:-10000}
if [ "$N" = real ]; then
  REAL=1 N=20000 W=${TMPDIR:-/tmp}/sitegen-real
  GAP=${GAP:-25s}
  # the park company-00042 is a tenant of, and listings where a name "editlatmarker…" sorts
  ALSO=${ALSO-/parks/karachi-technology-park-2/ /companies/page/57/ /services/bpo/page/7/}
fi
W=${W:-/tmp/sitegen-bench}
. "$(dirname "$0")/lib.sh"
go build -o "$W/editlat" ./.bench/editlat
port=$((20000 + RANDOM % 20000))
/usr/bin/time -v "$W/sitegen" serve --source "$C" --port "$port" ${SERVE_FLAGS:-} >"$W/serve.log" 2>"$W/serve.time" &
pid=$!
trap 'pkill -INT -P $pid 2>/dev/null || true; kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/" >/dev/null; do sleep 0.5; done
# Edits on a running server: wait until serve's first build has every page on disk
# (WARM=0 edits at once, while it writes them).
[ "${WARM:-1}" = 0 ] || until grep -q '^Settled' "$W/serve.log"; do sleep 1; done
# settled prints, from serve's log after line $1, how long each edit took to settle: its
# rebuild (the page in front) plus the settle of the rest that followed it, in seconds, and
# their median. A rebuild a later save superseded before it settled is left out. (The
# watcher's quiet window before the rebuild, ~10 ms, is not in the log.)
settled() {
  tail -n +"$1" "$W/serve.log" | awk '
    function secs(d) {
      sub(/[;,]$/, "", d)
      if (d ~ /^[0-9]+m[0-9.]+s$/) { split(d, a, "m"); return a[1] * 60 + a[2] }
      if (d ~ /ms$/) return d / 1000
      if (d ~ /µs$/) return d / 1e6
      return d + 0
    }
    /^Rebuilt/ { for (i = 1; i < NF; i++) if ($i == "in") { r = secs($(i + 1)); have = 1; break } }
    /^Settled/ && have { t[++n] = r + secs($NF); have = 0 }
    END {
      if (n == 0) exit
      line = ""
      for (i = 1; i <= n; i++) line = line sprintf(" %.2f", t[i])
      for (i = 2; i <= n; i++) for (j = i; j > 1 && t[j - 1] > t[j]; j--) { x = t[j]; t[j] = t[j - 1]; t[j - 1] = x }
      printf "  settled (serve log, rebuild + settle):%s s; median %.2f s\n", line, t[int((n + 1) / 2)]
    }'
}
page=company-00042
# park: the name of company-00042's park (its page in front; its tenants' cards show it);
# translation: a Chinese translation of a company that has none.
park=$(sed -n 's/^park: //p' "$C/content/companies/$page.md")
bare=$(cd "$C/content/companies" && for f in company-000[5-9]*.md; do case $f in *.*.md) continue;; esac; [ -e "${f%.md}.zh.md" ] || { echo "${f%.md}"; break; }; done)
for style in ${STYLES:-inplace vim atomic name city new delete template park translation}; do
  also=""
  for u in ${ALSO:-}; do also="$also${also:+,}http://127.0.0.1:$port$u"; done
  [ "$style" = name ] || also="" # only a name shows on other pages
  src=$C/content/companies/$page.md url=http://127.0.0.1:$port/companies/$page/ as=$style
  case $style in
    park) src=$C/content/parks/$park.md url=http://127.0.0.1:$port/parks/$park/ as=name ;;
    translation) src=$C/content/companies/$bare.md url=http://127.0.0.1:$port/zh/companies/$bare/ ;;
  esac
  [ "$style" = translation ] && ! grep -q '^  - code: zh' "$C/content/site.yaml" && continue # one language
  printf '%s = ' "$style"
  from=$(($(wc -l <"$W/serve.log") + 1))
  "$W/editlat" -src "$src" -url "$url" -also "$also" -template "$C/themes/default/layouts/company.html" -cities "${CITIES:-lahore,karachi}" -style "$as" -n "${EDITS:-10}" -gap "${GAP:-1s}"
  sleep "${GAP:-1s}" # editlat puts the file back as it exits: not in the next style's first edit
  settled "$from"
done
kill -INT "$(pgrep -P $pid sitegen || echo $pid)" 2>/dev/null || true
wait $pid 2>/dev/null || true
echo "serve peak RSS: $(grep 'Maximum resident' "$W/serve.time" | awk '{print int($NF/1024)}') MiB"
[ "${PEER:-}" = hugo ] || exit 0
command -v hugo >/dev/null || { echo "PEER=hugo needs hugo: apt-get install -y hugo" >&2; exit 2; }
H=$C-hugo
rm -rf "$H"; cp -r "$C" "$H" # a copy: an edit must not wake sitegen too
/usr/bin/time -v hugo server -s "$HUGO_SITE" --contentDir "$H/content" -p "$port" --bind 127.0.0.1 --minify --disableLiveReload >"$W/hugo.log" 2>"$W/hugo.time" &
pid=$!
until curl -sf "http://127.0.0.1:$port/companies/$page/" >/dev/null; do sleep 0.5; done
echo "hugo server:"
for style in ${STYLES:-inplace vim atomic name new delete}; do
  [ "$style" = template ] && continue # the Hugo site's layouts are the comparison's, not edited
  "$W/editlat" -src "$H/content/companies/$page.md" -url "http://127.0.0.1:$port/companies/$page/" -style "$style" -n "${EDITS:-10}" -gap "${GAP:-1s}" -timeout 20s ||
    echo "$style: not shown within 20 s"
done
kill -INT "$(pgrep -P $pid hugo || echo $pid)" 2>/dev/null || true
wait $pid 2>/dev/null || true
echo "hugo server peak RSS: $(grep 'Maximum resident' "$W/hugo.time" | awk '{print int($NF/1024)}') MiB"
