#!/usr/bin/env bash
# Scale-out benchmark (not a test): the quickstart's PLND step (10 languages x 100 sentences) in
# one process, then with --cluster on Spark's local-cluster with 1 and with 2 executors (1 core each),
# 8 shards, on this host. Prints the step's wall time, each executor's kernel start (the per-shard
# overhead an executor pays once: shipped bundles copied, Felix started) and the driver's start.
#   benchmarks/cluster.sh            (needs the distribution: mvn -DskipTests install)
# Prints a Markdown table (the README's) at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/machine.sh
dist=runtime/target/multilens
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/plnd.yaml" <<YAML
name: cluster-bench
steps:
  - id: detect
    uses: plnd
    with:
      model: $PWD/models/multilens-tiny-10l
      languages: [en, zh, fr, de, es, ru, ja, th, ar, sw]
      corpus: '$PWD/data/sentences/{lang}.txt'
      skip_documents: 800
      max_documents: 100
      max_tokens: 256
      attention_rule: top_fraction
      attention_value: 0.1
      ffn_rule: top_fraction
      ffn_value: 0.1
      min_document_fraction: 0.9
      overlap: max-languages
      max_languages: 3
YAML
step_seconds() { python3 -c "import json,sys; print('%.1f' % json.load(open(sys.argv[1]))['seconds'])" "$1/detect/manifest.json"; }
rows=()
echo "== one process"
start=$(date +%s.%N)
"$dist/bin/multilens" run "$work/plnd.yaml" --out "$work/single" --quiet > "$work/single.log"
wall=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")
rows+=("| one process | - | $(step_seconds "$work/single") | $wall | - |")
for executors in 1 2; do
  echo "== local-cluster with $executors executor(s)"
  start=$(date +%s.%N)
  "$dist/bin/multilens" run "$work/plnd.yaml" --out "$work/c$executors" --cluster "local-cluster[$executors,1,1536]" --shards 8 \
    > "$work/c$executors.log"
  wall=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)")
  grep "cluster:" "$work/c$executors.log"
  shards=$(grep -o "all [0-9]* shards done" "$work/c$executors.log" | grep -o "[0-9]*")
  kernels=$(grep -o "kernel started in [0-9.]* s" "$work/c$executors.log" | grep -o "[0-9.]*" | paste -sd "," - | sed 's/,/, /g')
  cmp <(python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['languages'], sort_keys=True))" "$work/single/detect/neurons.json") \
      <(python3 -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['languages'], sort_keys=True))" "$work/c$executors/detect/neurons.json") \
      && same=identical || same=DIFFERENT
  rows+=("| local-cluster, $executors executor(s) x 1 core, --shards 8 ($shards shards) | $kernels | $(step_seconds "$work/c$executors") | $wall | $same |")
done
echo
echo "| run | executor kernel start s | PLND step s | whole command s | neurons.json vs one process |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "(machine: $MULTILENS_CPU)"
