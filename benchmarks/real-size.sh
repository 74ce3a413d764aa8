#!/usr/bin/env bash
# Real-size benchmark (not a test): random checkpoints of Llama-3.2-1B, Llama-2-7B, BLOOM-560m, Qwen3-0.6B and
# Gemma-2-2B (qwen3-8b, gemma-3-1b and phi-3-mini on request)
# shapes in Hugging Face layout (sharded, 16-bit as the real ones ship), each weight type in its own JVM:
# load time, peak resident memory beside the estimate the load prints, forward and PLND (all structures)
# tokens/s on 2 docs x 128 tokens (PLND one document at a time, and both in one pass as the plnd step batches them).
#   benchmarks/real-size.sh [FOLDER] [SHAPES...]     (FOLDER default /tmp/multilens-real-size; needs ~17 GB)
# Prints a Markdown table (the README's) at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
. benchmarks/machine.sh
root=${1:-${TMPDIR:-/tmp}/multilens-real-size}
shift || true
shapes=${*:-llama-3.2-1b llama-2-7b bloom-560m qwen3-0.6b gemma-2-2b}
mvn -B -q -o -DskipTests install -pl benchmarks -am >/dev/null 2>&1 || mvn -B -q -DskipTests install -pl benchmarks -am
run() { java --add-modules=jdk.incubator.vector -Xss8m -Xmx4g -XX:MaxDirectMemorySize=1t -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "benchmarks/target/multilens-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" io.multilens.bench.RealSize "$@"; }
table=$(mktemp)
for shape in $shapes; do
  run make "$shape" "$root/$shape"
  for dtype in float32 bfloat16 float16; do
    echo "== $shape $dtype"
    run measure "$root/$shape" "$dtype" > "$table.run" || true
    cat "$table.run"
    line=$(grep -E '^(RESULT|REFUSED)' "$table.run" || true)
    echo "$shape $line" >> "$table"
  done
done
echo
echo "machine: $MULTILENS_CPU; float32 FMA peak $MULTILENS_PEAK_GFLOPS GFLOP/s"
echo "| shape | dtype | load s | weights MiB | peak RSS MiB | estimate MiB (vs peak) | forward tok/s | forward / FMA peak | PLND all tok/s | PLND all, both documents in one pass, tok/s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
while read -r shape kind dtype rest; do
  if [ "$kind" = REFUSED ]; then
    echo "| $shape | $dtype | refused: ${rest#*: } | | | | | | | |"
  else
    get() { echo "$rest" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    echo "| $shape | $dtype | $(get load_s) | $(get weights_mib) | $(get peak_mib) | $(get estimate_mib) ($(get estimate_off)) | $(get forward_tok_s) | $(get forward_peak_share) | $(get plnd_all_tok_s) | $(get plnd_batched_tok_s) |"
  fi
done < "$table"
