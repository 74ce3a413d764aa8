package io.multilens.model.bloom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import org.junit.jupiter.api.Test;

/** tiny-bloom's logits against the float64 reference, alone and as a right-padded batch. */
class BloomLogitsTest {

    @Test
    void matchesTheReferenceAloneAndBatched() {
        int[][] docs = TinyBloom.documents();
        try (TrainableModel model = TinyBloom.load(TinyBloom.dir()); NDManager scope = NDManager.newBaseManager()) {
            assertEquals(6, model.config().numHeads(), "the fixture must use the non-power-of-two ALiBi branch");
            int v = model.config().vocabSize();
            float[] batched = model.logits(scope, docs, Intervention.NONE).toFloatArray();   // [2, T, V]
            int longest = Math.max(docs[0].length, docs[1].length);
            for (int d = 0; d < docs.length; d++) {
                float[] alone = model.logits(scope, new int[][] {docs[d]}, Intervention.NONE).toFloatArray();
                double[] want = TinyBloom.logits(d);
                double errAlone = TinyBloom.relativeError(alone, want);
                float[] row = java.util.Arrays.copyOfRange(batched, d * longest * v, (d * longest + docs[d].length) * v);
                double errBatched = TinyBloom.relativeError(row, want);
                System.out.printf("tiny-bloom document %d: relative error %.2e alone, %.2e batched%n", d, errAlone, errBatched);
                assertTrue(errAlone <= 1e-4, "document " + d + " alone: " + errAlone);
                assertTrue(errBatched <= 1e-4, "document " + d + " batched: " + errBatched);
            }
        }
    }

    @Test
    void slopesFollowBloomsFormula() {
        float[] six = Alibi.slopes(6);
        // p = 4: 2^-2, 2^-4, 2^-6, 2^-8, then 2^-1, 2^-3 from the 8-head sequence
        float[] want = {0.25f, 0.0625f, 0.015625f, 0.00390625f, 0.5f, 0.125f};
        for (int h = 0; h < 6; h++) {
            assertEquals(want[h], six[h], 1e-7f, "head " + h);
        }
        float[] sixteen = Alibi.slopes(16);
        assertEquals(Math.pow(2, -0.5), sixteen[0], 1e-7);
        assertEquals(Math.pow(2, -8), sixteen[15], 1e-9);
    }
}
