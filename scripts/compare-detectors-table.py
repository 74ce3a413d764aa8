#!/usr/bin/env python3
"""Prints the README's detector comparison from a run of workflows/compare-detectors.yaml.

    python3 scripts/compare-detectors-table.py [OUT]      (OUT default multilens-out/compare-detectors)

Per language: the FFN set sizes of PLND and LAPE and their Jaccard overlap (overlap/comparison.json),
and for each detector the relative NLL change on the language itself when its set is switched off
("own"), the mean change on the other languages ("others"), their ratio, and the change from the
same-size random control (perplexity-*/metrics.json "specificity"). Pasted into the README as printed.
"""
import json
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "multilens-out/compare-detectors"


def load(path):
    with open(f"{out}/{path}", encoding="utf-8") as f:
        return json.load(f)


DETECTORS = ("plnd", "lape", "lape-matched")
cmp = load("overlap/comparison.json")["languages"]
spec = {d: load(f"perplexity-{d}/metrics.json")["specificity"] for d in DETECTORS}
sizes = {d: load(f"{d}/neurons.json")["languages"] for d in DETECTORS}


def pct(x):
    return "n/a" if x is None else f"{100 * x:+.1f}%"


def ratio(x):
    return "n/a" if x is None else f"{x:.2f}"


print("Sets and overlap (FFN units; Jaccard of PLND's and lape-matched's):")
print()
print("| language | PLND FFN | LAPE | LAPE matched | Jaccard PLND / matched |")
print("|---|---|---|---|---|")
for lang, c in cmp.items():
    ffn = lambda d: sum(len(v) for k, v in sizes[d][lang]["neurons"].items() if k.endswith("mlp.ffn"))
    print(f"| {lang} | {ffn('plnd')} | {ffn('lape')} | {ffn('lape-matched')} | {c['jaccard']:.2f} |")
print()
print("Relative NLL change when a language's set is switched off: on itself (own), mean on the others,")
print("their ratio, and the same-size random control on the language:")
print()
head = ["language"]
for d in DETECTORS:
    head += [f"{d} own", f"{d} others", f"{d} own/others", f"{d} random"]
print("| " + " | ".join(head) + " |")
print("|---" * len(head) + "|")
means = {d: [] for d in DETECTORS}
for lang in cmp:
    row = [lang]
    for d in DETECTORS:
        e = spec[d].get(lang, {})
        row += [pct(e.get("own")), pct(e.get("others_mean")), ratio(e.get("own_over_others")), pct(e.get("random_control"))]
        if e.get("own_over_others") is not None:
            means[d].append(e["own_over_others"])
    print("| " + " | ".join(row) + " |")
print()
for d in DETECTORS:
    v = means[d]
    print(f"mean own/others {d}: " + ("n/a" if not v else f"{sum(v) / len(v):.2f} over {len(v)} languages"))
