package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.Fixtures;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fixtures' documents are shorter than one query block, so this checks the blocking itself:
 * on longer documents (and a padded batch), blocks of any size give the single-block result.
 */
class BlockedChangeTest {

    @Test
    void queryBlocksGiveTheUnblockedChange() {
        Random random = new Random(5);
        int[][] docs = {random.ints(100, 3, 300).toArray(), random.ints(70, 3, 300).toArray()};
        try (LanguageModel model = Fixtures.load(Fixtures.dir(Fixtures.QWEN2));
             NDManager scope = model.manager().newSubManager()) {
            int[] checked = {0};
            model.trace(scope, docs, NeuronSet.empty(), new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace trace) {
                    try (NDManager m = scope.newSubManager()) {
                        AttentionBatch a = new AttentionBatch(m, trace);
                        NDArray q = a.queriesPos();
                        NDArray k = a.keysPosByHead();
                        List<ProbabilityChange.Term> terms = List.of(new ProbabilityChange.Term(q.neg(), k),
                                new ProbabilityChange.Term(q.mul(0.5), k.mul(-0.25)));
                        float[] whole = ProbabilityChange.squared(a, 5, terms, h -> h, a.tokens).toFloatArray();
                        for (int rows : new int[] {16, 33}) {
                            float[] blocked = ProbabilityChange.squared(a, 5, terms, h -> h, rows).toFloatArray();
                            float max = 0;
                            for (float v : whole) {
                                max = Math.max(max, Math.abs(v));
                            }
                            assertTrue(max > 0, "the shift changes something");
                            for (int i = 0; i < whole.length; i++) {
                                assertEquals(whole[i], blocked[i], 1e-5f * max, "layer " + layer + " rows " + rows + " [" + i + "]");
                            }
                        }
                        checked[0]++;
                    }
                }
            });
            assertEquals(model.config().numLayers(), checked[0]);
        }
    }
}
