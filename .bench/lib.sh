# Sourced by the .bench scripts, from the project root, with N (companies) and W (work
# folder) set: makes the bench corpus once in $C (./.bench/gencorpus, see
# generator/benchcorpus), puts this theme in it, builds sitegen into $W/sitegen, and defines
# secs (wall seconds of a command) and median. With REAL set the corpus has PSEB's real
# shape (en, zh and ar, a quarter of the companies translated, a 20,000-word vocabulary).
# HERE is the side-by-side harness beside the project (../shared/bench), when there is one:
# only comparisons with Hugo need it.
HERE=$(cd "$(dirname "$0")/../../shared/bench" 2>/dev/null && pwd || true)
C=$W/corpus-$N
GEN=""
[ -n "${REAL:-}" ] && GEN="-languages zh,ar -translated 0.25 -vocab 20000"
mkdir -p "$W"
[ -d "$C/content" ] || go run ./.bench/gencorpus -companies "$N" $GEN -out "$C"
rm -rf "$C/themes"; cp -r themes "$C/themes"
go build -o "$W/sitegen" ./cmd/sitegen
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
