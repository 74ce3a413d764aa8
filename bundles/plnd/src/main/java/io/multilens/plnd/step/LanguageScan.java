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

    /**
     * The documents with each run of {@code run} consecutive ones sorted by length (stably): a batch
     * then holds documents of about one length and pads little, while which documents share a run
     * depends only on their position, so a shard cut at a run boundary sees the very same batches
     * (unless a document that tokenizes to nothing, dropped, shifts the positions). A document's
     * scores do not depend on its batch beyond float rounding; the tallies add documents in any order.
     */
    static List<int[]> byLengthInRuns(List<int[]> documents, int run) {
        if (run <= 1) {
            return documents;
        }
        List<int[]> out = new java.util.ArrayList<>(documents.size());
        for (int start = 0; start < documents.size(); start += run) {
            List<int[]> sorted = new java.util.ArrayList<>(documents.subList(start, Math.min(documents.size(), start + run)));
            sorted.sort(java.util.Comparator.comparingInt(d -> d.length));
            out.addAll(sorted);
        }
        return out;
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
