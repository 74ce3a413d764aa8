package io.multilens.eval.tasks.run;

import io.multilens.api.neurons.Condition;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The part every task shares: each condition on each language, in batches, with progress and
 * cancellation; predictions are written per condition and language, scores tallied.
 */
public final class EvaluationLoop {

    private EvaluationLoop() {
    }

    public static <T> Results run(StepContext context, List<String> metrics, Map<String, LanguageData<T>> data,
                                  List<Condition> conditions, Function<String, ItemScorer<T>> scorers, int batchSize)
            throws IOException {
        if (batchSize < 1) {
            throw new StepFailure("option 'batch_size' must be at least 1, got " + batchSize);
        }
        Results results = new Results(metrics);
        for (Condition c : conditions) {
            for (Map.Entry<String, LanguageData<T>> e : data.entrySet()) {
                String lang = e.getKey();
                List<Prediction> predictions = evaluate(context, c, lang, e.getValue().items(), scorers.apply(lang),
                        batchSize, results);
                PredictionWriter.write(PredictionWriter.file(context.outputDir(), c.name(), lang), predictions);
            }
        }
        return results;
    }

    private static <T> List<Prediction> evaluate(StepContext context, Condition c, String lang,
                                                 List<PromptedItem<T>> items, ItemScorer<T> scorer, int batchSize,
                                                 Results results) {
        results.open(c.name(), lang);
        Prediction[] byIndex = new Prediction[items.size()];
        // longest prompts first, as lm-evaluation-harness does: batches pad less, and running
        // out of memory shows at once rather than at the end
        Integer[] order = new Integer[items.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -items.get(i).tokens().length));
        try (Progress progress = context.progress(c.name() + " on " + lang, items.size())) {
            for (int start = 0; start < order.length; start += batchSize) {
                if (context.cancelled()) {
                    throw new StepFailure("stopped by the user");
                }
                List<PromptedItem<T>> batch = new ArrayList<>();
                int end = Math.min(order.length, start + batchSize);
                for (int k = start; k < end; k++) {
                    batch.add(items.get(order[k]));
                }
                List<Prediction> scored = scorer.score(batch, c.neurons().apply(lang));
                for (int k = start; k < end; k++) {
                    Prediction p = scored.get(k - start);
                    byIndex[order[k]] = p;
                    results.add(c.name(), lang, p);
                }
                progress.advance(batch.size());
            }
            String first = results.metrics().get(0);
            progress.status(String.format("%s %.4f", first, results.tally(c.name(), lang, first).mean()));
        }
        return List.of(byIndex);
    }
}
