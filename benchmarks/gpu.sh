#!/usr/bin/env bash
# GPU benchmark (not a test): on a CUDA host, multilens doctor, then forward, PLND (all structures) and an
# 11-condition perplexity sweep on random checkpoints of the Llama-3.2-1B and Llama-2-7B shapes in float16
# on cuda:0 — tokens/s, MFU (share of the card's float16 dense peak), PLND in forward passes, peak GPU
# memory — and the 1B shape on the CPU for comparison. On a host without a GPU it says so and stops.
#   benchmarks/gpu.sh --torch-home DIR [FOLDER] [SHAPES...]
#   DIR: the torch folder of a pip-installed CUDA PyTorch 2.7.1 (python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')
#   FOLDER: where the random checkpoints go (default /tmp/multilens-real-size, shared with real-size.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
torch_home=${MULTILENS_TORCH_HOME:-}
if [ "${1:-}" = --torch-home ]; then torch_home=$2; shift 2; fi
root=${1:-${TMPDIR:-/tmp}/multilens-real-size}
shift || true
shapes=${*:-llama-3.2-1b llama-2-7b}
. benchmarks/machine.sh
launcher=runtime/target/multilens/bin/multilens
[ -x "$launcher" ] || mvn -B -q -DskipTests package >/dev/null
echo "== multilens doctor"
"$launcher" doctor ${torch_home:+--torch-home "$torch_home"} || true
card=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 || true)
if [ -z "$card" ]; then
  echo "no GPU on this host (nvidia-smi lists no CUDA device): nothing to measure on cuda:0;"
  echo "run benchmarks/gpu.sh --torch-home DIR on a CUDA host (CPU figures: benchmarks/run.sh and real-size.sh)"
  exit 0
fi
[ -n "$torch_home" ] || { echo "a GPU ($card) but no --torch-home: the bundled engine is the CPU build; give a CUDA PyTorch 2.7.1" >&2; exit 2; }
# float16 dense tensor-core peak in TFLOP/s, from the vendors' data sheets (without sparsity)
case "$card" in
  *H200*) peak=989 ;; *"H100 PCIe"*) peak=756 ;; *H100*) peak=989 ;; *A100*) peak=312 ;; *L40S*) peak=362 ;;
  *L4*) peak=121 ;; *A10G*) peak=125 ;; *A10*) peak=125 ;; *V100*) peak=125 ;; *T4*) peak=65 ;; *) peak=NaN ;;
esac
version=$(sed -n "s/^__version__ = '\(.*\)'/\1/p" "$torch_home/version.py" 2>/dev/null || true)
torch=(-DPYTORCH_LIBRARY_PATH="$torch_home/lib" -DPYTORCH_VERSION="${version%%+*}" -DPYTORCH_FLAVOR="${version#*+}")
mvn -B -q -o -DskipTests install -pl benchmarks -am >/dev/null 2>&1 || mvn -B -q -DskipTests install -pl benchmarks -am
java_run() { java --add-modules=jdk.incubator.vector -Xss8m -Xmx8g -XX:MaxDirectMemorySize=1t -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp "benchmarks/target/multilens-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*"; }
echo "card: $card, float16 dense peak ${peak} TFLOP/s; PyTorch $version from $torch_home"
for shape in $shapes; do
  java_run io.multilens.bench.RealSize make "$shape" "$root/$shape"
  echo "== $shape float16 on cuda:0"
  log=$(mktemp)
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0 -lms 200 > "$log" &
  sampler=$!
  java_run "${torch[@]}" io.multilens.bench.DeviceBench "$root/$shape" cuda:0 float16 "$peak" 8 512
  kill "$sampler"
  echo "  peak GPU memory: $(sort -n "$log" | tail -1) MiB (nvidia-smi, whole card)"
done
echo "== llama-3.2-1b on the CPU for comparison (float32, 2 documents x 128 tokens)"
cpu_peak=$(awk -v g="$MULTILENS_PEAK_GFLOPS" 'BEGIN { printf "%.4f", g / 1000 }')
java_run io.multilens.bench.DeviceBench "$root/llama-3.2-1b" cpu float32 "$cpu_peak" 2 128
