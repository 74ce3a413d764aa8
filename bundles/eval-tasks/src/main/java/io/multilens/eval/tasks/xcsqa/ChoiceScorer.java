package io.multilens.eval.tasks.xcsqa;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.run.ItemScorer;
import io.multilens.eval.tasks.run.Prediction;
import io.multilens.eval.tasks.run.PromptedItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiple choice by log-likelihood, as lm-evaluation-harness scores it: each option's
 * continuation after the prompt, the sum of its tokens' log-probabilities ({@code normalize:
 * none}) or their mean per token ({@code length}); the highest wins (the first on ties).
 */
final class ChoiceScorer implements ItemScorer<TokenizedChoices> {

    static final String METRIC = "acc";

    private final LanguageModel model;
    private final boolean perToken;

    ChoiceScorer(LanguageModel model, boolean perToken) {
        this.model = model;
        this.perToken = perToken;
    }

    @Override
    public List<Prediction> score(List<PromptedItem<TokenizedChoices>> batch, NeuronSet deactivate) {
        List<int[]> docs = new ArrayList<>();
        for (PromptedItem<TokenizedChoices> p : batch) {
            for (int[] option : p.item().options()) {
                docs.add(concat(p.tokens(), option));
            }
        }
        double[][] logProbs = model.tokenLogProbs(docs.toArray(int[][]::new), deactivate);
        List<Prediction> out = new ArrayList<>(batch.size());
        int d = 0;
        for (PromptedItem<TokenizedChoices> p : batch) {
            List<Example> options = p.item().question().options();
            Map<String, Object> raw = new LinkedHashMap<>();
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < options.size(); i++) {
                int length = p.item().options()[i].length;
                double sum = continuation(logProbs[d++], p.tokens().length, length);
                double score = perToken ? sum / length : sum;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("logprob", sum);
                entry.put("tokens", length);
                raw.put(options.get(i).id(), entry);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            String chosen = options.get(best).id();
            String gold = options.get(p.item().question().answer()).id();
            out.add(new Prediction(p.example().id(), p.prompt(), raw, chosen, gold,
                    Map.of(METRIC, chosen.equals(gold) ? 1.0 : 0.0), p.truncated()));
        }
        return out;
    }

    /**
     * The sum of the option's log-probabilities. {@code docLogProbs[t]} is log p(token t+1 | tokens
     * up to t), so the option's tokens, at positions {@code promptLength ..}, are at
     * {@code promptLength - 1 ..}.
     */
    static double continuation(double[] docLogProbs, int promptLength, int optionLength) {
        double sum = 0;
        for (int t = promptLength - 1; t < promptLength - 1 + optionLength; t++) {
            sum += docLogProbs[t];
        }
        return sum;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
