package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.Fixtures;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixtures' documents are shorter than one query block, so this checks the blocking itself:
 * on longer documents (and a padded batch), blocks of any size give the single-block result.
 */
class BlockedChangeTest {

    /** Qwen2: scores enter the softmax as scaled; Gemma-2: through its soft-capping. */
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.QWEN2, Fixtures.GEMMA2})
    void queryBlocksGiveTheUnblockedChange(String fixture) {
        Random random = new Random(5);
        int[][] docs = {random.ints(100, 3, 300).toArray(), random.ints(70, 3, 300).toArray()};
        try (LanguageModel model = Fixtures.load(Fixtures.dir(fixture));
             NDManager scope = model.manager().newSubManager()) {
            int[] checked = {0};
            model.trace(scope, docs, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace trace) {
                    try (NDManager m = scope.newSubManager()) {
                        AttentionBatch a = new AttentionBatch(m, trace, QkKernel.TORCH, null);
                        NDArray q = a.queriesPos();
                        NDArray k = a.keysPosByHead();
                        // a rank-two shift per dimension d: -q[:, d] k[:, d]^T + 0.5 q[:, d] (-0.25 k[:, d])^T
                        NDArray lefts = q.neg().expandDims(4).concat(q.mul(0.5).expandDims(4), 4);      // [B,nh,T,hd,2]
                        NDArray rights = k.expandDims(4).concat(k.mul(-0.25).expandDims(4), 4);         // [B,nh,T,hd,2]
                        ProbabilityChange.Shift shift = (c, d0, d1) -> {
                            NDArray l = lefts.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 2, 4); // [B,nh,D,T,2]
                            NDArray r = rights.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 4, 2); // [B,nh,D,2,T]
                            return new ProbabilityChange.Factors(l, r);
                        };
                        float[] whole = ProbabilityChange.squared(a, 5, shift, h -> h, a.tokens).toFloatArray();
                        for (int rows : new int[] {16, 33}) {
                            float[] blocked = ProbabilityChange.squared(a, 5, shift, h -> h, rows).toFloatArray();
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
