package io.multilens.eval.tasks.run;

import io.multilens.api.neurons.Condition;
import io.multilens.api.neurons.NeuronSet;
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

    /**
     * Every condition on every language. With {@code conditions_per_pass} above 1 (0: all), the
     * rows of one batch are (item, condition) pairs, each with its own neurons off: a batch of
     * {@code batch_size} items under k conditions decodes k x batch_size rows at once, for little
     * more than one condition's time (decoding reads every weight once per step whatever the rows).
     */
    public static <T> Results run(StepContext context, List<String> metrics, Map<String, LanguageData<T>> data,
                                  List<Condition> conditions, Function<String, ItemScorer<T>> scorers, int batchSize)
            throws IOException {
        if (batchSize < 1) {
            throw new StepFailure("option 'batch_size' must be at least 1, got " + batchSize);
        }
        int perPass = context.options().has(CONDITIONS_PER_PASS) ? context.options().intValue(CONDITIONS_PER_PASS) : 1;
        int together = perPass <= 0 ? Math.max(1, conditions.size()) : Math.min(perPass, Math.max(1, conditions.size()));
        Results results = new Results(metrics);
        for (Map.Entry<String, LanguageData<T>> e : data.entrySet()) {
            String lang = e.getKey();
            ItemScorer<T> scorer = scorers.apply(lang);
            for (int from = 0; from < conditions.size(); from += together) {
                List<Condition> group = conditions.subList(from, Math.min(conditions.size(), from + together));
                List<List<Prediction>> predictions = evaluate(context, group, lang, e.getValue().items(), scorer, batchSize, results);
                for (int c = 0; c < group.size(); c++) {
                    PredictionWriter.write(PredictionWriter.file(context.outputDir(), group.get(c).name(), lang), predictions.get(c));
                }
            }
        }
        return results;
    }

    /** The option that says how many conditions share a batch (evaluators declare it with {@link TaskOptions#conditions()}). */
    public static final String CONDITIONS_PER_PASS = "conditions_per_pass";

    /** Items in batches, each item under every condition of {@code group} in the same batch. */
    private static <T> List<List<Prediction>> evaluate(StepContext context, List<Condition> group, String lang,
                                                       List<PromptedItem<T>> items, ItemScorer<T> scorer, int batchSize,
                                                       Results results) {
        group.forEach(c -> results.open(c.name(), lang));
        Prediction[][] byIndex = new Prediction[group.size()][items.size()];
        List<NeuronSet> sets = group.stream().map(c -> c.neurons().apply(lang)).toList();
        // longest prompts first, as lm-evaluation-harness does: batches pad less, and running
        // out of memory shows at once rather than at the end
        Integer[] order = new Integer[items.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -items.get(i).tokens().length));
        String names = group.size() == 1 ? group.get(0).name() : group.size() + " conditions";
        try (Progress progress = context.progress(names + " on " + lang, (long) items.size() * group.size())) {
            for (int start = 0; start < order.length; start += batchSize) {
                if (context.cancelled()) {
                    throw new StepFailure("stopped by the user");
                }
                int end = Math.min(order.length, start + batchSize);
                List<PromptedItem<T>> batch = new ArrayList<>();
                List<NeuronSet> rowSets = new ArrayList<>();
                for (int k = start; k < end; k++) {
                    for (NeuronSet set : sets) {
                        batch.add(items.get(order[k]));
                        rowSets.add(set);
                    }
                }
                List<Prediction> scored = scorer.score(batch, rowSets);
                int row = 0;
                for (int k = start; k < end; k++) {
                    for (int c = 0; c < group.size(); c++) {
                        Prediction p = scored.get(row++);
                        byIndex[c][order[k]] = p;
                        results.add(group.get(c).name(), lang, p);
                    }
                }
                progress.advance(batch.size());
            }
            String first = results.metrics().get(0);
            Condition shown = group.get(0);
            progress.status(String.format("%s %.4f (%s)", first, results.tally(shown.name(), lang, first).mean(), shown.name()));
        }
        List<List<Prediction>> out = new ArrayList<>();
        for (Prediction[] p : byIndex) {
            out.add(List.of(p));
        }
        return out;
    }
}
