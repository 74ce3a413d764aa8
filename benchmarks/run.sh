#!/usr/bin/env bash
# Benchmarks (not tests): multilens next to the PyTorch baseline, measured in the same run.
#   benchmarks/run.sh [CHECKPOINT_DIR]
# The bench-size random checkpoint is made by the baseline program (needs Debian's python3-torch:
# apt-get install python3-torch libopenblas0-pthread). Run on a quiet machine: figures are timings.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
. benchmarks/machine.sh
ckpt=${1:-${TMPDIR:-/tmp}/multilens-bench-llama-8x512}
baseline=../shared/bench/plnd_torch_baseline.py
[ -f "$baseline" ] || { echo "no baseline program at $baseline: multilens figures only" >&2; baseline=""; }
mvn -B -q -o -DskipTests install -pl benchmarks -am >/dev/null 2>&1 || mvn -B -q -DskipTests install -pl benchmarks -am
# Two multilens processes on the same cores (issue 25), first and on their own (two JVMs at once),
# with the launcher's OpenMP waiting; the other settings beside it: benchmarks/shared-cores.sh. Needs
# the distribution (mvn package). Its line joins the targets the Java program prints last.
shared=""
if [ -x runtime/target/multilens/bin/multilens ]; then
  echo "two processes on the same cores (benchmarks/shared-cores.sh launcher):"
  # a failed measurement is said, and the benchmarks below still run
  if out=$(benchmarks/shared-cores.sh launcher); then
    printf '%s\n\n' "$out" | grep -v -e '^machine:' -e '^float32 FMA peak:' || true   # printed above
    shared=$(printf '%s\n' "$out" | grep 'back to back (target <= 1.3)' \
      | sed 's/^launcher (GOMP_SPINCOUNT=3000)/two processes at once, launcher/' || true)
  else
    shared="two processes at once: FAIL (shared-cores.sh failed; its error is above)"
  fi
else
  echo "two processes on the same cores: not measured (no runtime/target/multilens: mvn -B package -DskipTests)"
fi
exec java --add-modules=jdk.incubator.vector -Xss8m -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dmultilens.bench.cpu="$machine_model, family $machine_family model $machine_cpu_model, $machine_threads threads" \
  -Dmultilens.bench.shared-cores="$shared" \
  -cp "benchmarks/target/multilens-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.multilens.bench.Benchmarks "$ckpt" $baseline
