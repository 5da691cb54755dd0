# Sourced by the .bench scripts, from the project root, with N (companies) and W (work
# folder) set: makes the bench corpus once in $C (./.bench/gencorpus, see
# generator/benchcorpus), puts this theme in it, builds sitegen into $W/sitegen, and defines
# secs (wall seconds of a command) and median. With REAL set the corpus has PSEB's real
# shape (en, zh and ar, a quarter of the companies translated, a 20,000-word vocabulary).
# HUGO_SITE is the lean Hugo site the comparisons with Hugo build the same corpus with.
HUGO_SITE=$(cd "$(dirname "$0")/hugo-site" && pwd)
C=$W/corpus-$N
GEN=""
[ -n "${REAL:-}" ] && GEN="-languages zh,ar -translated 0.25 -vocab 20000"
mkdir -p "$W"
[ -d "$C/content" ] || go run ./.bench/gencorpus -companies "$N" $GEN -out "$C"
rm -rf "$C/themes"; cp -r themes "$C/themes"
go build -o "$W/sitegen" ./cmd/sitegen
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
