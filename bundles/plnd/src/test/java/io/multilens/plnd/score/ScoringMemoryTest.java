package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.Fixtures;
import org.junit.jupiter.api.Test;

/** Scoring many batches leaves no array behind: the model's managers hold as many arrays after as before. */
class ScoringMemoryTest {

    @Test
    void repeatedBatchesDoNotAccumulateArrays() throws Exception {
        try (LanguageModel model = Fixtures.load(Fixtures.dir(Fixtures.QWEN2))) {
            int[][] docs = Fixtures.documents(Fixtures.expected(Fixtures.QWEN2));
            WeightStats weights = new WeightStats(model.config(), model::weights);
            long[] rows = {0};
            ScoreSink sink = (g, scores) -> rows[0] += scores.length;
            ScoringProbe paper = new ScoringProbe(ScoreMode.PAPER.scorer(weights, 4), ScoreMode.PAPER.structures(), sink);
            ScoringProbe release = new ScoringProbe(ScoreMode.RELEASE_CODE.scorer(weights, 4),
                    ScoreMode.RELEASE_CODE.structures(), sink);
            // the first batch fills the weight-statistics cache and the backend's lazily built state
            trace(model, docs, paper);
            trace(model, docs, release);
            int before = model.manager().getManagedArrays().size();
            for (int i = 0; i < 10; i++) {
                trace(model, docs, paper);
                trace(model, docs, release);
            }
            assertEquals(before, model.manager().getManagedArrays().size(), "arrays left in the model's managers");
            // 3 layers x (5 + 4 structures) x 2 documents per pair of passes
            assertEquals(11L * 3 * 9 * 2, rows[0]);
        }
    }

    private static void trace(LanguageModel model, int[][] docs, ScoringProbe probe) {
        try (NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, docs, Intervention.NONE, probe);
        }
    }
}
