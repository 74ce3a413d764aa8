#!/usr/bin/env python3
"""Prints docs/results.md's held-out fine-tuning table from a run of workflows/finetune-held-out.yaml.

    python3 scripts/finetune-table.py [multilens-out/finetune-held-out]

Cells: relative change of the mean NLL against the untouched model; the tuned language's own
column on its held-out Tatoeba sentences first, then PUD sentences 900-999 of every language.
"""
import json
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "multilens-out/finetune-held-out"


def metrics(step):
    with open(f"{out}/{step}/metrics.json", encoding="utf-8") as f:
        return json.load(f)["results"]["baseline"]


def tuned(step):
    with open(f"{out}/{step}/finetune.json", encoding="utf-8") as f:
        return json.load(f)


before_pud = metrics("before-pud")
before_tat = metrics("before-tatoeba")
langs = list(before_pud.keys())


def rel(after, before, lang):
    return (after[lang]["mean_nll"] - before[lang]["mean_nll"]) / before[lang]["mean_nll"]


print("| tuned ↓ / evaluated → | own, Tatoeba held-out | " + " | ".join(f"{l} (PUD)" for l in langs) + " |")
print("|---" * (len(langs) + 2) + "|")
labels = {"": "neurons", "-random": "random neurons (paper's control)", "-all": "all q/k/v/o/gate/up/down parameters"}
for lang in ["th", "sw"]:
    for suffix, label in labels.items():
        t = tuned(f"tune-{lang}{suffix}")
        header = t.get("trained_parameters", t.get("header", {}).get("trained_parameters"))
        pud = metrics(f"{lang}{suffix}-pud")
        tat = metrics(f"{lang}{suffix}-tatoeba")
        cells = [f"{100 * rel(pud, before_pud, l):+.1f}%" for l in langs]
        own = f"**{100 * rel(tat, before_tat, lang):+.1f}%**"
        print(f"| {lang} {label} ({header:,} parameters) | {own} | " + " | ".join(cells) + " |")
print("| untouched NLL (nats/token) | th " + f"{before_tat['th']['mean_nll']:.3f}, sw {before_tat['sw']['mean_nll']:.3f} | "
      + " | ".join(f"{before_pud[l]['mean_nll']:.3f}" for l in langs) + " |")
