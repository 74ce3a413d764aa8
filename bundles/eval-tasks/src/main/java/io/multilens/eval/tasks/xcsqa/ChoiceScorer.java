package io.multilens.eval.tasks.xcsqa;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
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
 * Multiple choice by log-likelihood, as lm-evaluation-harness scores it. Each option's
 * continuation is tokenized together with its prompt and its tokens are those after the
 * prompt's ({@code encode(prompt + option)[len(encode(prompt)):]}): tokenized alone, a
 * SentencePiece (Metaspace) tokenizer would give the option a stray word-start token. {@code acc}
 * takes the highest sum of the continuation's log-probabilities ({@code normalize: none}) or mean
 * per token ({@code length}); {@code acc_norm}, as lm-eval, the highest sum per character of the
 * option itself ({@code len(choice)}: the target delimiter before it is scored but not counted).
 * The first option wins ties.
 */
final class ChoiceScorer implements ItemScorer<TokenizedChoices> {

    static final String METRIC = "acc";
    static final String METRIC_NORM = "acc_norm";

    private final LanguageModel model;
    private final boolean perToken;

    ChoiceScorer(LanguageModel model, boolean perToken) {
        this.model = model;
        this.perToken = perToken;
    }

    @Override
    public List<Prediction> score(List<PromptedItem<TokenizedChoices>> batch, List<NeuronSet> deactivate) {
        List<int[]> docs = new ArrayList<>();
        List<int[]> continuations = new ArrayList<>();
        List<Intervention> changes = new ArrayList<>();
        for (int b = 0; b < batch.size(); b++) {
            PromptedItem<TokenizedChoices> p = batch.get(b);
            for (int i = 0; i < p.item().texts().length; i++) {
                int[] cont = continuation(model.tokenizer(), p.prompt(), p.item().texts()[i], p.item().options()[i]);
                continuations.add(cont);
                docs.add(concat(p.tokens(), cont));
                changes.add(Intervention.off(deactivate.get(b)));
            }
        }
        double[][] logProbs = model.tokenLogProbs(docs.toArray(int[][]::new), changes);
        List<Prediction> out = new ArrayList<>(batch.size());
        int d = 0;
        for (PromptedItem<TokenizedChoices> p : batch) {
            List<Example> options = p.item().question().options();
            Map<String, Object> raw = new LinkedHashMap<>();
            int best = -1;
            int bestNorm = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            double bestPerChar = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < options.size(); i++) {
                int length = continuations.get(d).length;
                double sum = continuation(logProbs[d++], p.tokens().length, length);
                double score = perToken ? sum / length : sum;
                int chars = characters(p.item().choices()[i]);
                double perChar = sum / chars;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("logprob", sum);
                entry.put("tokens", length);
                entry.put("chars", chars);
                raw.put(options.get(i).id(), entry);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
                if (perChar > bestPerChar) {
                    bestPerChar = perChar;
                    bestNorm = i;
                }
            }
            String chosen = options.get(best).id();
            String gold = options.get(p.item().question().answer()).id();
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put(METRIC, chosen.equals(gold) ? 1.0 : 0.0);
            scores.put(METRIC_NORM, options.get(bestNorm).id().equals(gold) ? 1.0 : 0.0);
            out.add(new Prediction(p.example().id(), p.prompt(), raw, chosen, gold, scores, p.truncated()));
        }
        return out;
    }

    /**
     * The option's tokens as they follow the prompt: the tokens of prompt and option together
     * after those of the prompt alone (both without special tokens). When the joint tokenization
     * is not longer than the prompt's (a merge swallowed the boundary), the option's own tokens.
     */
    static int[] continuation(io.multilens.api.model.TextTokenizer tok, String prompt, String option, int[] alone) {
        int[] context = tok.encodePlain(prompt);
        int[] whole = tok.encodePlain(prompt + option);
        return whole.length > context.length ? Arrays.copyOfRange(whole, context.length, whole.length) : alone;
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

    /** lm-eval's {@code len(choice)}: Unicode code points, at least 1. */
    static int characters(String choice) {
        return Math.max(1, choice.codePointCount(0, choice.length()));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
