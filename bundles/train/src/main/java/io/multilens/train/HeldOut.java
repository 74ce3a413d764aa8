package io.multilens.train;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Mean NLL per predicted token of each language's held-out documents. */
final class HeldOut {

    private static final int BATCH = 16;

    private HeldOut() {
    }

    static Map<String, Double> nll(LanguageModel model, Map<String, List<int[]>> docs) {
        Map<String, Double> out = new LinkedHashMap<>();
        docs.forEach((lang, list) -> {
            double sum = 0;
            long tokens = 0;
            int[][] all = list.toArray(new int[0][]);
            for (int s = 0; s < all.length; s += BATCH) {
                for (double[] doc : model.tokenLogProbs(Arrays.copyOfRange(all, s, Math.min(all.length, s + BATCH)), Intervention.NONE)) {
                    for (double lp : doc) {
                        sum -= lp;
                    }
                    tokens += doc.length;
                }
            }
            out.put(lang, sum / tokens);
        });
        return out;
    }

    static String format(Map<String, Double> nll) {
        StringBuilder s = new StringBuilder();
        nll.forEach((l, v) -> s.append(String.format("%s %.3f  ", l, v)));
        return s.toString().trim();
    }
}
