#!/usr/bin/env bash
# The quickstart before issue 25 and now, on this machine in one run (the issue's target: >= 3x).
# Builds commit 6f75b4c (the last before issue 25's first change) in a temporary folder and times,
# alternately, that tree's launcher and this tree's on that commit's quickstart.yaml (31 conditions:
# the work the issue measured), then this tree's quickstart.yaml as shipped (41 conditions: issue 27
# added the importance-matched control). Each launcher runs with its own OpenMP settings (the old
# one set none). Prints each step's seconds, the ratio with a pass/fail word, and the shipped
# perplexity step's FLOP rate against the FMA peak (io.multilens.bench.PerplexityFlops).
#   benchmarks/quickstart.sh [ROUNDS]   (after mvn package; ROUNDS of old/new pairs, default 1;
#                                        needs the git history and a warm ~/.m2: the old tree is built offline)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive whole number, not '$rounds'" >&2; exit 2; }
. benchmarks/machine.sh
unset OMP_WAIT_POLICY GOMP_SPINCOUNT                     # each launcher picks its own (the line above is machine.sh's)
old_commit=6f75b4c
new_bin=$PWD/runtime/target/multilens/bin/multilens
[ -x "$new_bin" ] || { echo "no $new_bin: run mvn -B package -DskipTests first" >&2; exit 1; }
# the FLOP count at the end (io.multilens.bench.PerplexityFlops), as run.sh builds it
mvn -B -q -o -DskipTests install -pl benchmarks -am >/dev/null 2>&1 || mvn -B -q -DskipTests install -pl benchmarks -am
git cat-file -e "$old_commit^{commit}" 2>/dev/null \
  || { echo "commit $old_commit is not in this clone's history (a shallow clone?): git fetch --unshallow" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
old=$work/before-25
mkdir -p "$old"
git archive "$old_commit" | tar -x -C "$old"
echo "building $old_commit (offline, no tests) ..." >&2
(cd "$old" && mvn -B -q -o package -DskipTests >"$work/build.log" 2>&1) || { tail -n 20 "$work/build.log" >&2; exit 1; }
old_bin=$old/runtime/target/multilens/bin/multilens
flow31=$old/workflows/quickstart.yaml
flow41=$PWD/workflows/quickstart.yaml
export LC_ALL=C                                           # the run summary's decimal point
# run NAME BIN FLOW: seconds of the whole run; the step times stay in NAME.log
run() {
  local t0 t1
  t0=$(date +%s.%N)
  "$2" run "$3" --out "$work/$1" --force >"$work/$1.log" 2>&1 || { tail -n 20 "$work/$1.log" >&2; return 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}
step() { awk -v s="$2" '$1 == s && $3 == "ran" { printf "%s %s s  ", s, $4 }' "$work/$1.log"; }
seconds_of() { awk -v s="$2" '$1 == s && $3 == "ran" { print $4 }' "$work/$1.log"; }
best_old=""; best_new=""
for r in $(seq 1 "$rounds"); do
  o=$(run old$r "$old_bin" "$flow31"); echo "round $r, before issue 25, 31 conditions: $o s  $(step old$r detect)$(step old$r perplexity)"
  n=$(run new$r "$new_bin" "$flow31"); echo "round $r, now,             31 conditions: $n s  $(step new$r detect)$(step new$r perplexity)"
  best_old=$(awk -v x="$o" -v y="${best_old:-1e9}" 'BEGIN { print (x < y ? x : y) }')
  best_new=$(awk -v x="$n" -v y="${best_new:-1e9}" 'BEGIN { print (x < y ? x : y) }')
done
s=$(run shipped "$new_bin" "$flow41"); echo "now, quickstart.yaml as shipped, 41 conditions: $s s  $(step shipped detect)$(step shipped perplexity)"
if [ ! -f "$work/old1/perplexity/relative_nll.csv" ] || [ ! -f "$work/new1/perplexity/relative_nll.csv" ]; then
  echo "relative_nll.csv: missing from a run"
elif cmp -s "$work/old1/perplexity/relative_nll.csv" "$work/new1/perplexity/relative_nll.csv"; then
  echo "relative_nll.csv: the same before and now"
else
  echo "relative_nll.csv: differs before and now"
fi
awk -v o="$best_old" -v n="$best_new" 'BEGIN {
  printf "quickstart (31 conditions): before issue 25 %.1f s, now %.1f s: %.2fx faster (target >= 3.0) %s\n",
    o, n, o / n, (o / n >= 3.0 ? "pass" : "FAIL") }'
ppl=$(seconds_of shipped perplexity)
[ -z "$ppl" ] || java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmarks/target/multilens-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.multilens.bench.PerplexityFlops "$work/shipped/perplexity" models/multilens-tiny-10l "$ppl"
