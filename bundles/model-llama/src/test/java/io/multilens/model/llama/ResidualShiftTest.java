package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A residual shift (DiffMean steering) adds its vector to the stream at its depth, at every position, and changes what follows. */
class ResidualShiftTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN3})
    void theStreamAtTheDepthIsShiftedByTheVector(String fixture) {
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = model.manager().newSubManager()) {
            int[][] docs = Fixtures.documents(fixture);
            int depth = 1;
            float[] v = new float[model.config().hiddenSize()];
            Random random = new Random(5);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            Map<Integer, float[]> plain = residuals(model, scope, docs, Intervention.NONE);
            Map<Integer, float[]> shifted = residuals(model, scope, docs, Intervention.shift(depth, v));
            float[] a = plain.get(depth);
            float[] b = shifted.get(depth);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i] + v[i % v.length], b[i], 1e-5, "position " + i / v.length);
            }
            float[] before = plain.get(depth - 1);
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i], shifted.get(depth - 1)[i], 0f, "below the depth nothing changes");
            }
            double after = 0;
            for (int i = 0; i < a.length; i++) {
                after = Math.max(after, Math.abs(plain.get(depth + 1)[i] - shifted.get(depth + 1)[i]));
            }
            assertTrue(after > 1e-3, "the next block sees the shifted stream");
        }
    }

    /** The first document's residual stream at every depth, flattened [T*H]. */
    private static Map<Integer, float[]> residuals(LanguageModel model, NDManager scope, int[][] docs, Intervention change) {
        Map<Integer, float[]> out = new HashMap<>();
        model.trace(scope, new int[][] {docs[0]}, change, new LayerProbe() {
            @Override
            public void residual(int depth, NDArray hidden, NDArray valid) {
                out.put(depth, hidden.toFloatArray());
            }
        });
        return out;
    }
}
