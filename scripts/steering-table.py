#!/usr/bin/env python3
"""Prints docs/results.md's steering scoreboard from a run of workflows/steering-compare.yaml.

    python3 scripts/steering-table.py [OUT]      (OUT default multilens-out/steering-compare)

Per target language and method (neurons by LAPE's recipe, neurons held at their mean, DiffMean):
the share of continuations Lingua identifies as the target with its Wilson 95% interval (control),
the NLL per continuation token under the unsteered model (fluency), the mean chrF against the
target-language translation of each prompt's sentence (relevance) and the harmonic mean of control
and relevance (CLaS-Bench), from each step's steering.json. Pasted into docs/results.md as printed.
"""
import json
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "multilens-out/steering-compare"
STEPS = (("neurons-lape", "neurons, LAPE's recipe"), ("neurons-set-mean", "neurons, held at mean"), ("diffmean", "DiffMean"))


def load(path):
    with open(f"{out}/{path}", encoding="utf-8") as f:
        return json.load(f)


def pct(x):
    return f"{100 * x:.0f}%"


rows = {}
for step, label in STEPS:
    for name, c in load(f"{step}/steering.json")["languages"].items():
        rows.setdefault(c.get("target", name), []).append((label, name, c))

print("| target | method | share (95% interval) | NLL | relevance (chrF) | harmonic mean |")
print("|---|---|---|---|---|---|")
means = {label: [] for _, label in STEPS}
for target, entries in rows.items():
    for label, name, c in entries:
        lo, hi = c["share_target_ci95"]
        nll = "n/a" if c.get("nll_per_token") is None else f"{c['nll_per_token']:.2f}"
        rel = "n/a" if c.get("relevance_chrf") is None else f"{c['relevance_chrf']:.3f}"
        hm = c.get("control_relevance_harmonic_mean")   # absent when the corpus is not parallel there
        print(f"| {target} | {label}{'' if name == target else ' (' + name[len(target) + 1:] + ')'} | {pct(c['share_target'])}"
              f" ({pct(lo)}–{pct(hi)}) | {nll} | {rel} | {'n/a' if hm is None else f'{hm:.3f}'} |")
        if hm is not None:
            means[label].append(hm)
first = next(iter(rows.values()))[0][2]
print()
print(f"Unsteered: NLL {first['nll_per_token_unsteered']:.2f}; mean harmonic mean over the targets: "
      + "; ".join(f"{label} {sum(v) / len(v):.3f}" for label, v in means.items() if v))
