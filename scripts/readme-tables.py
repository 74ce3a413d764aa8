#!/usr/bin/env python3
"""Prints docs/results.md's quickstart tables from a run's eval.perplexity metrics.json.

    python3 scripts/readme-tables.py [multilens-out/quickstart/perplexity/metrics.json]

The numbers in docs/results.md are pasted from this output, never typed by hand.
"""
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "multilens-out/quickstart/perplexity/metrics.json"
with open(path, encoding="utf-8") as f:
    m = json.load(f)

rel = m["relative_nll_change"]
res = m["results"]
langs = list(res["baseline"].keys())


def pct(x):
    return "n/a" if x is None else f"{100 * x:+.1f}%"


print("| switched off ↓ / evaluated → | " + " | ".join(langs) + " |")
print("|---" * (len(langs) + 1) + "|")
for cond, row in rel.items():
    if cond == "baseline":
        continue
    cells = [f"**{pct(row[l])}**" if cond == l else pct(row[l]) for l in langs]
    print(f"| {cond} | " + " | ".join(cells) + " |")
print("| baseline NLL (nats/token) | " + " | ".join(f"{res['baseline'][l]['mean_nll']:.3f}" for l in langs) + " |")
print("| baseline bits per byte | " + " | ".join(
    "n/a" if res["baseline"][l].get("bits_per_byte") is None else f"{res['baseline'][l]['bits_per_byte']:.3f}"
    for l in langs) + " |")
print()

spec = m.get("specificity", {})
if spec:
    extra = sorted({k for e in spec.values() for k in e.get("other_controls", {})})
    head = ["language", "own", "others", "own/others", "random", "random/own"]
    for k in extra:
        head += [k, f"{k}/own"]
    print("| " + " | ".join(head) + " |")
    print("|---" * len(head) + "|")
    for lang, e in spec.items():
        ratio = e.get("own_over_others")
        cells = [lang, pct(e["own"]), pct(e["others_mean"]), "n/a" if ratio is None else f"{ratio:.2f}",
                 pct(e.get("random_control")),
                 "n/a" if e.get("random_over_own") is None else f"{e['random_over_own']:.2f}"]
        for k in extra:
            c = e.get("other_controls", {}).get(k)
            cells += [pct(c["change"]) if c else "", f"{c['over_own']:.2f}" if c and c["over_own"] != "n/a" else ""]
        print("| " + " | ".join(cells) + " |")
    print()

protocol = m.get("paper_protocol", {})
if protocol:
    print("| L's own neurons off | Δen | ΔL | random Δen | random ΔL |")
    print("|---|---|---|---|---|")
    for lang, e in protocol.items():
        name = f"**mean over {e['languages']} languages**" if lang == "mean" else lang
        print(f"| {name} | {pct(e['delta_en'])} | {pct(e['delta_own'])} | {pct(e['random_delta_en'])} "
              f"| {pct(e['random_delta_own'])} |")
