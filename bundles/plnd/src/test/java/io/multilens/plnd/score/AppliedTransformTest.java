package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.HeadTransform;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.Fixtures;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two ways of scoring a zeroed q/k dimension agree: from the transform's scaled permutations
 * (rotary embeddings: two columns per dimension), after Qwen3's per-head norm through its known
 * rescaling, and by applying the transform to zeroed copies of the whole head. The same traces are scored both ways, on padded batches of
 * documents longer than one query block.
 */
class AppliedTransformTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.GEMMA2, Fixtures.BLOOM, Fixtures.QWEN3, Fixtures.GEMMA3})
    void permutationTermsGiveWhatApplyingTheTransformGives(String fixture) {
        Random random = new Random(11);
        int[][] docs = {random.ints(80, 3, 300).toArray(), random.ints(50, 3, 300).toArray()};
        EnumSet<Structure> qk = EnumSet.of(Structure.Q, Structure.K);
        try (LanguageModel model = Fixtures.load(Fixtures.dir(fixture)); NDManager scope = model.manager().newSubManager()) {
            ImportanceScorer scorer = ScoreMode.PAPER.scorer(new WeightStats(model.config(), model::weights), 7);
            CollectingSink terms = new CollectingSink();
            CollectingSink applied = new CollectingSink();
            ScoringProbe byTerms = new ScoringProbe(scorer, qk, terms);
            ScoringProbe byApplying = new ScoringProbe(scorer, qk, applied);
            model.trace(scope, docs, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace t) {
                    assertTrue(t.queryTransform().linearTerms() != null, "the fast path is taken for " + fixture);
                    assertEquals(fixture.equals(Fixtures.QWEN3) || fixture.equals(Fixtures.GEMMA3), t.keyTransform().headNorm() != null,
                            "a head norm: Qwen3's and Gemma-3's only");
                    byTerms.attention(layer, t);
                    HeadTransform query = x -> t.queryTransform().apply(x);     // the same maths, no terms
                    HeadTransform key = x -> t.keyTransform().apply(x);
                    byApplying.attention(layer, new AttentionTrace(t.input(), t.q(), t.k(), t.v(), t.qPos(), t.kPos(),
                            query, key, t.scale(), t.scoreTransform(), t.scoreBias(), t.probs(), t.context(), t.output(),
                            t.valid()));
                }

                @Override
                public void mlp(int layer, MlpTrace t) {
                }
            });
            assertEquals(2 * model.config().numLayers(), terms.scores.size());
            for (Map.Entry<NeuronGroup, float[][]> e : terms.scores.entrySet()) {
                float[][] a = e.getValue();
                float[][] b = applied.scores.get(e.getKey());
                double scale = 0;
                double diff = 0;
                for (int r = 0; r < a.length; r++) {
                    for (int i = 0; i < a[r].length; i++) {
                        scale = Math.max(scale, Math.abs(a[r][i]));
                        diff = Math.max(diff, Math.abs(a[r][i] - b[r][i]));
                    }
                }
                assertTrue(scale > 0, e.getKey() + " scored nothing");
                assertTrue(diff <= 1e-5 * scale, e.getKey() + ": the two ways differ by " + diff / scale);
            }
        }
    }
}
