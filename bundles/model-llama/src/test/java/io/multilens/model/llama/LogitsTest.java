package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logits against the float64 reference, alone and in a right-padded batch. */
class LogitsTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void eachDocumentMatchesTheReference(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            double worst = 0;
            for (int d = 0; d < docs.length; d++) {
                NDArray logits = model.logits(scope, new int[][] {docs[d]}, Intervention.NONE);
                assertArrayEquals(new long[] {1, docs[d].length, model.config().vocabSize()}, logits.getShape().getShape());
                double err = Fixtures.relativeError(logits.toFloatArray(), Fixtures.flatten(Fixtures.logits(fixture, d)));
                assertTrue(err <= TOLERANCE, fixture + " document " + d + ": relative error " + err);
                worst = Math.max(worst, err);
            }
            System.out.printf("%s: max relative logits error %.3g%n", fixture, worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void paddingDoesNotChangeRealTokens(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        assertTrue(docs[0].length != docs[1].length, "the fixture documents must differ in length");
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            int v = model.config().vocabSize();
            float[] batched = model.logits(scope, docs, Intervention.NONE).toFloatArray();
            int t = Arrays.stream(docs).mapToInt(d -> d.length).max().orElseThrow();
            assertEquals(docs.length * t * v, batched.length);
            for (int d = 0; d < docs.length; d++) {
                float[] alone = model.logits(scope, new int[][] {docs[d]}, Intervention.NONE).toFloatArray();
                float[] real = Arrays.copyOfRange(batched, d * t * v, d * t * v + docs[d].length * v);
                double scale = 0;
                double diff = 0;
                for (int i = 0; i < alone.length; i++) {
                    scale = Math.max(scale, Math.abs(alone[i]));
                    diff = Math.max(diff, Math.abs(alone[i] - real[i]));
                }
                // only float32 rounding of differently shaped matrix products may differ
                assertTrue(diff <= 1e-6 * scale, fixture + " document " + d + ": batched differs by " + diff);
                double err = Fixtures.relativeError(real, Fixtures.flatten(Fixtures.logits(fixture, d)));
                assertTrue(err <= TOLERANCE, fixture + " batched document " + d + ": relative error " + err);
            }
        }
    }
}
