#!/usr/bin/env python3
"""Prints docs/results.md's script control from a run of workflows/script-control.yaml.

    python3 scripts/script-control-table.py [OUT]      (OUT default multilens-out/script-control)

Per language: the share of letters in Latin script after romanisation (roman/transliteration.json),
the Jaccard overlap of the sets PLND and LAPE find on native and on romanised text
(overlap-*/comparison.json), and the relative NLL change on the language when its set is switched
off, for each set (native, romanised) on each text (native, romanised), with the same-size random
control beside each (the *-sets-*-text/metrics.json "relative_nll_change"). Pasted into
docs/results.md as printed.
"""
import json
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "multilens-out/script-control"


def load(path):
    with open(f"{out}/{path}", encoding="utf-8") as f:
        return json.load(f)


def pct(x):
    return "n/a" if x is None else f"{100 * x:+.1f}%"


roman = load("roman/transliteration.json")["languages"]
plnd = load("overlap-plnd/comparison.json")["languages"]
lape = load("overlap-lape/comparison.json")["languages"]
runs = {(s, t): load(f"{s}-sets-{t}-text/metrics.json")["relative_nll_change"]
        for s in ("native", "roman") for t in ("native", "roman")}
languages = list(roman)

print("Romanisation and overlap (Jaccard of the native and romanised sets; PLND over q, k, v, o and FFN, LAPE over FFN):")
print()
print("| language | Latin letters after | PLND native / romanised | Jaccard PLND | LAPE native / romanised | Jaccard LAPE |")
print("|---|---|---|---|---|---|")
for l in languages:
    p, q = plnd[l], lape[l]
    print(f"| {l} | {100 * roman[l]['latin_letter_share_after']:.0f}% | {p['a']} / {p['b']} | {p['jaccard']:.2f}"
          f" | {q['a']} / {q['b']} | {q['jaccard']:.2f} |")
print()
print("Relative NLL change on the language when its PLND set is switched off (its same-size random control in brackets):")
print()
print("| language | native set, native text | native set, romanised text | romanised set, romanised text | romanised set, native text |")
print("|---|---|---|---|---|")
for l in languages:
    cells = []
    for s, t in (("native", "native"), ("native", "roman"), ("roman", "roman"), ("roman", "native")):
        m = runs[(s, t)]
        own = m.get(l, {}).get(l)
        random = m.get(f"{l}.random", {}).get(l)
        cells.append(f"{pct(own)} ({pct(random)})")
    print(f"| {l} | " + " | ".join(cells) + " |")
