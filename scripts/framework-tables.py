#!/usr/bin/env python3
"""Prints docs/results.md's framework tables from a run of workflows/framework.yaml.

    python3 scripts/framework-tables.py [OUT]      (OUT default multilens-out/framework)

Reads OUT/perplexity/metrics.json (paper_protocol_grid: the stage x structure grid as the authors
ran it, each non-English language's own neurons per cell, mean over the languages) and
OUT/layers/layers.json. The numbers in docs/results.md are pasted from this output, never typed by hand.
"""
import json
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "multilens-out/framework"
with open(f"{out}/perplexity/metrics.json", encoding="utf-8") as f:
    grid = json.load(f)["paper_protocol_grid"]
with open(f"{out}/layers/layers.json", encoding="utf-8") as f:
    layers = json.load(f)


def pct(x):
    return "n/a" if x is None else f"{100 * x:+.1f}%"


print("| stage | structure | Δen | ΔL | random Δen | random ΔL | languages |")
print("|---|---|---|---|---|---|---|")
for stage in ["understanding", "task_solving", "generation"]:
    for structure in ["attention", "ffn", "both"]:
        c = grid.get(f"{stage}.{structure}", {}).get("mean", {})
        print(f"| {stage} | {structure} | {pct(c.get('delta_en'))} | {pct(c.get('delta_own'))} "
              f"| {pct(c.get('random_delta_en'))} | {pct(c.get('random_delta_own'))} | {c.get('languages', 0)} |")
print()
langs = list(layers["languages"].keys())
depths = len(layers["languages"][langs[0]]["layers"])
print("Top-1 logit-lens token in the reference language (en) / in the document's own language, per layer:")
print()
print("| language | " + " | ".join("emb" if d == 0 else f"layer {d}" for d in range(depths)) + " |")
print("|---" * (depths + 1) + "|")
for lang in langs:
    cells = []
    for layer in layers["languages"][lang]["layers"]:
        d = layer["decoded"]
        cells.append(f"{100 * d['reference']:.0f}% / {100 * d['own']:.0f}%")
    print(f"| {lang} | " + " | ".join(cells) + " |")
print()
print("Cross-lingual similarity gap, cos(same sentence in en) − cos(next sentence in en), per layer:")
print()
print("| language | " + " | ".join("emb" if d == 0 else f"layer {d}" for d in range(depths)) + " |")
print("|---" * (depths + 1) + "|")
for lang in langs:
    if lang == layers["reference_language"]:
        continue
    cells = []
    for layer in layers["languages"][lang]["layers"]:
        s = layer["similarity"]
        cells.append("n/a" if s["parallel"] is None else f"{s['parallel'] - s['mismatched']:+.3f}")
    print(f"| {lang} | " + " | ".join(cells) + " |")
