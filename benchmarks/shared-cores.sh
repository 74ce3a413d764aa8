#!/usr/bin/env bash
# Two multilens processes sharing the cores (issue 25): a PLND workflow run alone, twice back to
# back, and twice at once: with the launcher's OpenMP wait policy (passive), with the OpenMP
# runtime's own default (the launcher before: OMP_WAIT_POLICY unset, libgomp spins a while at each
# barrier), and forced spinning (ACTIVE). Prints the ratio of "at once" to "back to back" for each
# (target: at once <= 1.3x back to back); "alone" is the better of two runs.
#   benchmarks/shared-cores.sh        (after mvn package: uses runtime/target/multilens)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/machine.sh
bin=runtime/target/multilens/bin/multilens
flow=benchmarks/workflows/plnd-3x60.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'; }
one() { "$bin" run "$flow" --out "$work/$1" --force >/dev/null 2>&1; }
for policy in PASSIVE unset ACTIVE; do
  if [ "$policy" = unset ]; then export OMP_WAIT_POLICY=; else export OMP_WAIT_POLICY=$policy; fi
  a1=$(seconds one a1); a2=$(seconds one a2)
  alone=$(awk -v x="$a1" -v y="$a2" 'BEGIN { print (x < y ? x : y) }')
  back=$(seconds bash -c "$(declare -f one); bin=$bin flow=$flow work=$work; one b1; one b2")
  together=$(seconds bash -c "$(declare -f one); bin=$bin flow=$flow work=$work; one c1 & one c2 & wait")
  awk -v p="$policy" -v a="$alone" -v b="$back" -v t="$together" 'BEGIN {
    printf "OMP_WAIT_POLICY=%s: alone %.1f s, two back to back %.1f s, two at once %.1f s: at once %.2fx back to back (target <= 1.3) %s\n",
      p, a, b, t, t / b, (t / b <= 1.3 ? "pass" : "FAIL") }'
done
