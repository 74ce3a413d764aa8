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
exec java --add-modules=jdk.incubator.vector -Xss8m -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dmultilens.bench.cpu="$machine_model, family $machine_family model $machine_cpu_model, $machine_threads threads" \
  -cp "benchmarks/target/multilens-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  io.multilens.bench.Benchmarks "$ckpt" $baseline
