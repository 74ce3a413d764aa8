#!/usr/bin/env python3
"""The arithmetic an eval.perplexity step did, and its rate against the machine's peak.

    perplexity-flops.py STEP_DIR CONFIG_JSON SECONDS [PEAK_GFLOPS]

STEP_DIR holds the step's documents.json (tokens per document, NLL per condition); CONFIG_JSON is
the Llama-shaped checkpoint's config.json. Each (document, condition) row is one forward pass over
the document's tokens plus the BOS token: per token 2 FLOPs per weight of the q, k, v, o, gate, up
and down projections and the LM head, and the attention's scores and context over every key of
the row (4 x T x q size per layer, computed densely under the causal mask, as the backend does).
Used by benchmarks/quickstart.sh to say how far the step is from the cores' float32 FMA peak.
"""
import json
import sys


def main():
    step, config_path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    peak = float(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
    with open(config_path) as f:
        c = json.load(f)
    h, i, v, layers = c["hidden_size"], c["intermediate_size"], c["vocab_size"], c["num_hidden_layers"]
    heads = c["num_attention_heads"]
    head_dim = c.get("head_dim") or h // heads
    q = heads * head_dim
    kv = c.get("num_key_value_heads", heads) * head_dim
    weights = layers * (h * (q + 2 * kv) + q * h + 3 * h * i) + h * v
    with open(f"{step}/documents.json") as f:
        languages = json.load(f)["languages"]
    rows = 0
    flops = 0
    for scores in languages.values():
        conditions = len(scores["nll"])
        for predicted in scores["tokens"]:
            t = predicted + 1
            rows += t * conditions
            flops += conditions * t * (2 * weights + layers * 4 * t * q)
    rate = flops / seconds / 1e9
    line = f"perplexity step: {rows / 1e6:.2f} M token-rows, {flops / 1e12:.1f} TFLOP in {seconds:.1f} s = {rate:.1f} GFLOP/s"
    if peak:
        line += f" = {100 * rate / peak:.0f}% of the float32 FMA peak ({peak:.1f} GFLOP/s)"
    print(line)


if __name__ == "__main__":
    main()
