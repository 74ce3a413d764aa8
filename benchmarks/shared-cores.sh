#!/usr/bin/env bash
# Two multilens processes sharing the cores (issue 25): the quickstart in small (PLND on 3 languages
# x 60 documents, their neurons and a random control off, perplexity under the 7 conditions) run
# alone, twice back to back and twice at once, under four ways OpenMP threads wait at a barrier:
# the launcher's (a short spin, GOMP_SPINCOUNT=3000), PASSIVE (sleep at once: the launcher before),
# the OpenMP runtime's own default (OMP_WAIT_POLICY unset: libgomp spins up to 300,000 pauses) and
# ACTIVE (spin forever). Prints the ratio of "at once" to "back to back" for each (target: at once
# <= 1.3x back to back) and the perplexity step's seconds alone, where the waiting shows: its
# operations are tens of microseconds apart. "alone" is the better of two runs.
#   benchmarks/shared-cores.sh [WAIT...]   (after mvn package: uses runtime/target/multilens)
# WAIT: launcher, PASSIVE, unset or ACTIVE; default all four (benchmarks/run.sh runs "launcher").
set -euo pipefail
cd "$(dirname "$0")/.."
waits=${*:-launcher PASSIVE unset ACTIVE}
for wait in $waits; do
  case $wait in
    launcher | PASSIVE | unset | ACTIVE) ;;
    *) echo "shared-cores.sh: unknown waiting setting '$wait': use launcher, PASSIVE, unset or ACTIVE" >&2; exit 2 ;;
  esac
done
. benchmarks/machine.sh
bin=runtime/target/multilens/bin/multilens
flow=benchmarks/workflows/sweep-3x60.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A failed run stops the script (inside $(...) set -e does not hold, hence the explicit returns).
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" || return; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'; }
one() { "$bin" run "$flow" --out "$work/$1" --force >"$work/$1.log" 2>&1 || { tail -n 20 "$work/$1.log" >&2; return 1; }; }
step() { local s; s=$(awk -v s="$2" '$1 == s && $3 == "ran" { print $4 }' "$work/$1.log"); [ -n "$s" ] || { echo "no '$2' time in $1's run" >&2; return 1; }; echo "$s"; }
export LC_ALL=C                                           # the run summary's decimal point
for wait in $waits; do
  case $wait in
    launcher) unset OMP_WAIT_POLICY GOMP_SPINCOUNT ;;     # the launcher picks
    unset) export OMP_WAIT_POLICY=; unset GOMP_SPINCOUNT ;;  # empty: the launcher leaves it to the runtime
    *) export OMP_WAIT_POLICY=$wait; unset GOMP_SPINCOUNT ;;
  esac
  a1=$(seconds one a1); a2=$(seconds one a2)
  alone=$(awk -v x="$a1" -v y="$a2" 'BEGIN { print (x < y ? x : y) }')
  p1=$(step a1 perplexity); p2=$(step a2 perplexity)
  ppl=$(awk -v x="$p1" -v y="$p2" 'BEGIN { print (x < y ? x : y) }')
  back=$(seconds bash -c "$(declare -f one); bin=$bin flow=$flow work=$work; one b1 && one b2")
  together=$(seconds bash -c "$(declare -f one); bin=$bin flow=$flow work=$work; one c1 & c1=\$!; one c2 & c2=\$!; wait \$c1 && wait \$c2")
  label=$wait
  [ "$wait" = launcher ] && label="launcher (GOMP_SPINCOUNT=3000)"
  [ "$wait" = unset ] || [ "$wait" = launcher ] || label="OMP_WAIT_POLICY=$wait"
  [ "$wait" = unset ] && label="OMP_WAIT_POLICY unset"
  awk -v p="$label" -v a="$alone" -v q="$ppl" -v b="$back" -v t="$together" 'BEGIN {
    printf "%s: alone %.1f s (perplexity step %.1f s), two back to back %.1f s, two at once %.1f s: at once %.2fx back to back (target <= 1.3) %s\n",
      p, a, q, b, t, t / b, (t / b <= 1.3 ? "pass" : "FAIL") }'
done
