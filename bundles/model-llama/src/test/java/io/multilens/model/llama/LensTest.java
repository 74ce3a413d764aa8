package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LanguageModel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two logit lenses: through the final norm, which does not see a row's scale (RMSNorm), and
 * the LM head alone (the paper's Fig. 1), which is linear in it.
 */
class LensTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN3})
    void theNormedLensIgnoresScaleAndTheHeadAloneIsLinear(String fixture) {
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = model.manager().newSubManager()) {
            int h = model.config().hiddenSize();
            float[] values = new float[2 * h];
            Random random = new Random(3);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            NDArray x = scope.create(values, new Shape(1, 2, h));          // [1,2,H]
            NDArray x3 = x.mul(3f);                                         // [1,2,H]
            float[] normed = model.lens(scope, x, true).toFloatArray();
            float[] normed3 = model.lens(scope, x3, true).toFloatArray();
            float[] head = model.lens(scope, x, false).toFloatArray();
            float[] head3 = model.lens(scope, x3, false).toFloatArray();
            double normedGap = 0;
            double linearGap = 0;
            double differs = 0;
            for (int i = 0; i < head.length; i++) {
                normedGap = Math.max(normedGap, Math.abs(normed[i] - normed3[i]));
                linearGap = Math.max(linearGap, Math.abs(3 * head[i] - head3[i]));
                differs = Math.max(differs, Math.abs(normed[i] - head[i]));
            }
            assertTrue(normedGap < 1e-3, "final norm: scale-free, gap " + normedGap);
            assertTrue(linearGap < 1e-3, "head alone: linear, gap " + linearGap);
            assertTrue(differs > 1e-2, "the two lenses differ");
            assertEquals(model.lens(scope, x).toFloatArray()[5], normed[5], 0f, "lens(x) is the normed lens");
        }
    }
}
