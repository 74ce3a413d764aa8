package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.status.StepFailure;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Deactivation: it changes results, is undone after the call, and zeroes exactly what it addresses. */
class NeuronMaskTest {

    private static NeuronSet set(int layer, Structure s, int... idx) {
        return NeuronSet.of(Map.of(new NeuronGroup(layer, s), idx));
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void everyStructureChangesLogitsAndNothingSticks(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            float[] before = model.logits(scope, docs, Intervention.NONE).toFloatArray();
            float[] weightsBefore = model.weights(model.manager(), 1).q().toFloatArray();
            for (Structure s : Structure.values()) {
                float[] masked = model.logits(scope, docs, Intervention.off(set(1, s, 0, 3, 5))).toFloatArray();
                assertTrue(maxDiff(before, masked) > 1e-4, s + " neurons changed nothing");
            }
            assertArrayEquals(before, model.logits(scope, docs, Intervention.NONE).toFloatArray(),
                    "logits after masked calls must equal the original ones exactly");
            assertArrayEquals(weightsBefore, model.weights(model.manager(), 1).q().toFloatArray());
        }
    }

    /** Rows of one call with different sets off give what separate calls give (several conditions per pass). */
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void eachRowMayHaveItsOwnSetSwitchedOff(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        NeuronSet ffn = set(1, Structure.FFN, 0, 3, 5, 7);
        NeuronSet q = NeuronSet.of(Map.of(new NeuronGroup(0, Structure.Q), new int[] {1, 2},
                new NeuronGroup(2, Structure.O), new int[] {4}));
        int[][] rows = {docs[0], docs[0], docs[1], docs[0], docs[1]};
        java.util.List<NeuronSet> sets = java.util.List.of(NeuronSet.empty(), ffn, q, q, ffn);
        try (LanguageModel model = Fixtures.load(fixture)) {
            double[][] together = model.tokenLogProbs(rows, sets.stream().map(Intervention::off).toList());
            for (int r = 0; r < rows.length; r++) {
                double[] alone = model.tokenLogProbs(new int[][] {rows[r]}, Intervention.off(sets.get(r)))[0];
                assertEquals(alone.length, together[r].length);
                for (int t = 0; t < alone.length; t++) {
                    assertEquals(alone[t], together[r][t], 1e-5, "row " + r + " token " + t);
                }
            }
            assertNotEquals(together[0][3], together[1][3], "the FFN set changed row 1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void allFfnNeuronsOfALayerZeroItsMlpOutput(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            int all = model.config().intermediateSize();
            Recorder rec = new Recorder();
            model.trace(scope, docs, Intervention.off(set(1, Structure.FFN, IntStream.range(0, all).toArray())), rec);
            assertAllZero(rec.get(1, "act").data(), "layer 1 act");
            assertAllZero(rec.get(1, "mlpOutput").data(), "layer 1 MLP output");
            assertTrue(maxAbs(rec.get(1, "gate").data()) > 0, "gate itself is not masked");
            assertTrue(maxAbs(rec.get(0, "act").data()) > 0 && maxAbs(rec.get(2, "act").data()) > 0,
                    "other layers are untouched");
            Recorder clean = new Recorder();
            model.trace(scope, docs, Intervention.NONE, clean);
            assertArrayEquals(clean.get(1, "input").data(), rec.get(1, "input").data(),
                    "layers before the mask see the same activations");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void attentionMasksZeroTheirColumn(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            ModelConfig c = model.config();
            int hd = c.headDim();
            int qj = hd + 2;    // head 1, dimension 2
            int kj = hd + 1;    // kv head 1, dimension 1
            int vj = 3;         // kv head 0, dimension 3
            NeuronSet set = set(2, Structure.Q, qj).union(set(2, Structure.K, kj)).union(set(2, Structure.V, vj))
                    .union(set(2, Structure.O, IntStream.range(0, c.qDim()).toArray()));
            Recorder rec = new Recorder();
            model.trace(scope, docs, Intervention.off(set), rec);
            assertColumnZeroOnly(rec.get(2, "q"), qj / hd, qj % hd);
            assertColumnZeroOnly(rec.get(2, "k"), kj / hd, kj % hd);
            assertColumnZeroOnly(rec.get(2, "v"), vj / hd, vj % hd);
            assertAllZero(rec.get(2, "context").data(), "context with every o column deactivated");
            assertAllZero(rec.get(2, "attnOutput").data(), "attention output with every o column deactivated");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA})
    void neuronsOutsideTheModelAreAStepFailure(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            int size = model.config().intermediateSize();
            StepFailure f = assertThrows(StepFailure.class,
                    () -> model.logits(scope, docs, Intervention.off(set(0, Structure.FFN, size))));
            assertTrue(f.getMessage().contains("layers.0.mlp.ffn"), f.getMessage());
            f = assertThrows(StepFailure.class,
                    () -> model.tokenLogProbs(docs, Intervention.off(set(model.config().numLayers(), Structure.Q, 0))));
            assertTrue(f.getMessage().contains("layers"), f.getMessage());
        }
    }

    /** [B, n, T, hd]: column (head, dim) is zero on every token, the others are not all zero. */
    private static void assertColumnZeroOnly(Recorder.Tensor x, int head, int dim) {
        long[] s = x.shape();
        for (int h = 0; h < s[1]; h++) {
            for (int d = 0; d < s[3]; d++) {
                double m = 0;
                for (int b = 0; b < s[0]; b++) {
                    for (int t = 0; t < s[2]; t++) {
                        m = Math.max(m, Math.abs(x.at(b, h, t, d)));
                    }
                }
                if (h == head && d == dim) {
                    assertEquals(0.0, m, "masked column (" + h + ", " + d + ")");
                } else {
                    assertNotEquals(0.0, m, "unmasked column (" + h + ", " + d + ")");
                }
            }
        }
    }

    private static void assertAllZero(float[] a, String what) {
        assertEquals(0.0, maxAbs(a), what);
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
