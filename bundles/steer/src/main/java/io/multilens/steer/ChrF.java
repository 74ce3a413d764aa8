package io.multilens.steer;

import java.util.HashMap;
import java.util.Map;

/**
 * chrF (Popović 2015): the character n-gram F-score of a hypothesis against a reference, n = 1..6,
 * whitespace removed, precision and recall averaged over the orders, F with β = 2 (recall weighs
 * twice). Language-agnostic and needs no model or network: steering's relevance is the chrF of a
 * continuation against the target-language translation of its prompt's sentence. Hand-written:
 * no maintained Java library computes it; sacreBLEU's chrF (Python) is the reference definition,
 * whose default (no word n-grams) this follows. 0..1 (sacreBLEU prints 0..100).
 */
final class ChrF {

    static final int ORDER = 6;
    static final double BETA = 2;

    private ChrF() {
    }

    static double score(String hypothesis, String reference) {
        int[] hyp = hypothesis.codePoints().filter(c -> !Character.isWhitespace(c)).toArray();
        int[] ref = reference.codePoints().filter(c -> !Character.isWhitespace(c)).toArray();
        double precision = 0;
        double recall = 0;
        int orders = 0;
        for (int n = 1; n <= ORDER; n++) {
            Map<String, Integer> h = grams(hyp, n);
            Map<String, Integer> r = grams(ref, n);
            long hTotal = hyp.length - n + 1;
            long rTotal = ref.length - n + 1;
            if (hTotal <= 0 || rTotal <= 0) {
                continue;   // an order longer than either text has no n-grams: left out of the average
            }
            long match = 0;
            for (Map.Entry<String, Integer> e : h.entrySet()) {
                match += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
            }
            precision += match / (double) hTotal;
            recall += match / (double) rTotal;
            orders++;
        }
        if (orders == 0) {
            return 0;
        }
        precision /= orders;
        recall /= orders;
        double b2 = BETA * BETA;
        return precision + recall == 0 ? 0 : (1 + b2) * precision * recall / (b2 * precision + recall);
    }

    private static Map<String, Integer> grams(int[] text, int n) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= text.length; i++) {
            out.merge(new String(text, i, n), 1, Integer::sum);
        }
        return out;
    }
}
