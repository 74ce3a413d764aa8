#!/usr/bin/env python3
"""Prints docs/results.md's latent-language table from a run of workflows/latent-language.yaml.

    python3 scripts/latent-language-table.py [OUT]      (OUT default multilens-out/latent-language)

Per target language and layer (0: the embeddings): the mean lens probability of the target word's
first token and of the English word's first token at the last position of the word-translation
prompts (lens/translation.json). Pasted into docs/results.md as printed.
"""
import json
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "multilens-out/latent-language"
with open(f"{out}/lens/translation.json", encoding="utf-8") as f:
    t = json.load(f)

langs = t["languages"]
depths = len(next(iter(langs.values()))["depths"])
print(f"Translation from {t['source_language']} ({t['shots']} solved examples, {t['lens']} lens): p(target word's first token)"
      " / p(English word's first token) at the last position, per layer:")
print()
print("| target | words | " + " | ".join(f"layer {d}" for d in range(depths)) + " |")
print("|---|---|" + "---|" * depths)
for lang, r in langs.items():
    cells = [f"{d['p_target']:.4f} / {d['p_english']:.4f}" for d in r["depths"]]
    print(f"| {lang} | {r['words']} | " + " | ".join(cells) + " |")
measured = [r for r in langs.values() if r["words"] > 0]   # a target with no word measured is not a zero
mean_t = [sum(r["depths"][d]["p_target"] for r in measured) / len(measured) for d in range(depths)]
mean_e = [sum(r["depths"][d]["p_english"] for r in measured) / len(measured) for d in range(depths)]
print("| mean | | " + " | ".join(f"{a:.4f} / {b:.4f}" for a, b in zip(mean_t, mean_e)) + " |")
