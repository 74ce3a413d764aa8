#!/usr/bin/env python3
"""Prints docs/results.md's detector comparison from a run of workflows/compare-detectors.yaml.

    python3 scripts/compare-detectors-table.py [OUT]      (OUT default multilens-out/compare-detectors)

Per language: the FFN set sizes of PLND and LAPE and their Jaccard overlap (overlap/comparison.json),
and for each detector the relative NLL change on the language itself when its set is switched off
("own"), the mean change on the other languages ("others"), their ratio, and the change from the
same-size random control (perplexity-*/metrics.json "specificity"). Pasted into docs/results.md as printed.
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
# a ratio of two changes below 0.1% is noise over noise (0.0% / 0.0% gave "12.00"): shown as n/a
MEASURABLE = 0.001
own_all = {d: [] for d in DETECTORS}
others_all = {d: [] for d in DETECTORS}
for lang in cmp:
    row = [lang]
    for d in DETECTORS:
        e = spec[d].get(lang, {})
        own, others = e.get("own"), e.get("others_mean")
        measurable = own is not None and others is not None and abs(others) >= MEASURABLE and abs(own) >= MEASURABLE
        row += [pct(own), pct(others), ratio(e.get("own_over_others")) if measurable else "n/a", pct(e.get("random_control"))]
        if own is not None and others is not None:
            own_all[d].append(own)
            others_all[d].append(others)
    print("| " + " | ".join(row) + " |")
print()
for d in DETECTORS:
    o, x = own_all[d], others_all[d]
    if not o:
        print(f"own/others {d}: n/a")
        continue
    mo, mx = sum(o) / len(o), sum(x) / len(x)
    print(f"own/others {d}, ratio of the means over {len(o)} languages: {pct(mo)} / {pct(mx)} = "
          + ("n/a" if abs(mx) < MEASURABLE else f"{mo / mx:.2f}"))
print()
steering = load("steer-plnd/steering.json")
mode = steering.get("mode", "set-mean")
if mode == "lape":
    print("Steering from English prompts (LAPE's recipe: each language's FFN activations act(gate) held at 4x their mean"
          " on its text, still times up(x), and English's units switched off):")
else:
    print("Steering from English prompts (each language's FFN units held at 4x their mean activation on its text):")
print("share of continuations Lingua identifies as the target, unsteered → steered, and NLL per continuation token")
print("under the unsteered model (unsteered → steered):")
print()
steer = {d: load(f"steer-{d}/steering.json")["languages"] for d in ("plnd", "lape")}
print("| target | PLND neurons | PLND share | PLND NLL | LAPE-matched neurons | LAPE share | LAPE NLL |")
print("|---|---|---|---|---|---|---|")


def share(e):
    return f"{100 * e['share_target_unsteered']:.0f}% → {100 * e['share_target']:.0f}%"


def nll(e):
    a, b = e.get("nll_per_token_unsteered"), e.get("nll_per_token")
    return "n/a" if a is None or b is None else f"{a:.2f} → {b:.2f}"


for lang in steer["plnd"]:
    p, l = steer["plnd"][lang], steer["lape"].get(lang, {})
    print(f"| {lang} | {p['neurons']} | {share(p)} | {nll(p)} | {l.get('neurons', 'n/a')} | "
          f"{share(l) if l else 'n/a'} | {nll(l) if l else 'n/a'} |")
