package io.multilens.plnd.step;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.Progress;
import io.multilens.api.status.StepFailure;
import io.multilens.plnd.score.ScoringProbe;
import io.multilens.plnd.tally.LanguageTally;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Runs one language's documents through the model in batches, the probe scoring each layer. */
final class LanguageScan {

    private LanguageScan() {
    }

    /** Token ids of each document, cut to {@code maxTokens}; documents that tokenize to nothing are dropped. */
    static List<int[]> tokenize(LanguageModel model, List<String> documents, int maxTokens) {
        return documents.stream()
                .map(d -> model.tokenizer().encode(d, maxTokens))
                .filter(ids -> ids.length > 0)
                .toList();
    }

    static void run(LanguageModel model, List<int[]> documents, int batchSize, ScoringProbe probe,
                    LanguageTally tally, Progress progress, BooleanSupplier cancelled) {
        for (int start = 0; start < documents.size(); start += batchSize) {
            if (cancelled.getAsBoolean()) {
                throw new StepFailure("plnd: cancelled while scoring '" + tally.language() + "'");
            }
            int[][] batch = documents.subList(start, Math.min(documents.size(), start + batchSize)).toArray(new int[0][]);
            // the scope owns whatever the forward pass attaches to it; closing it frees the batch
            try (NDManager scope = model.manager().newSubManager()) {
                model.trace(scope, batch, Intervention.NONE, probe);
            }
            long tokens = Arrays.stream(batch).mapToLong(d -> d.length).sum();
            tally.addDocuments(batch.length, tokens);
            progress.advance(batch.length);
        }
    }
}
