package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The traced activations: documented shapes, one call per layer and block in order, and values
 * checked against the reference scores, which are closed-form functions of them.
 */
class TraceTest {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void shapesAndCallOrderAreAsDocumented(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            ModelConfig c = model.config();
            Recorder rec = new Recorder();
            model.trace(scope, docs, Intervention.NONE, rec);
            List<String> order = new ArrayList<>();
            for (int i = 0; i < c.numLayers(); i++) {
                order.add(i + ".attention");
                order.add(i + ".mlp");
            }
            assertEquals(order, rec.calls);
            long b = 2;
            long t = 16;
            long h = c.hiddenSize();
            long nh = c.numHeads();
            long nkv = c.numKvHeads();
            long hd = c.headDim();
            long im = c.intermediateSize();
            assertShape(rec, "input", b, t, h);
            assertShape(rec, "q", b, nh, t, hd);
            assertShape(rec, "k", b, nkv, t, hd);
            assertShape(rec, "v", b, nkv, t, hd);
            assertShape(rec, "qRope", b, nh, t, hd);
            assertShape(rec, "kRope", b, nkv, t, hd);
            // the trace's transforms are the model's own path from q/k to the rotated queries/keys
            for (int layer = 0; layer < c.numLayers(); layer++) {
                assertArrayEquals(rec.get(layer, "qRope").data(), rec.get(layer, "qPath").data(), 1e-6f);
                assertArrayEquals(rec.get(layer, "kRope").data(), rec.get(layer, "kPath").data(), 1e-6f);
            }
            assertShape(rec, "scoreBias", b, 1, t, t);
            assertShape(rec, "probs", b, nh, t, t);
            assertShape(rec, "context", b, t, nh * hd);
            assertShape(rec, "attnOutput", b, t, h);
            assertShape(rec, "valid", b, t);
            assertShape(rec, "gate", b, t, im);
            assertShape(rec, "up", b, t, im);
            assertShape(rec, "act", b, t, im);
            assertShape(rec, "mlpOutput", b, t, h);
            Recorder.Tensor valid = rec.get(0, "valid");
            for (int i = 0; i < t; i++) {
                assertEquals(i < docs[0].length ? 1f : 0f, valid.at(0, i));
                assertEquals(1f, valid.at(1, i));
            }
            Recorder.Tensor probs = rec.get(1, "probs");
            for (int head = 0; head < nh; head++) {
                for (int q = 0; q < docs[0].length; q++) {
                    double sum = 0;
                    for (int k = 0; k < t; k++) {
                        float p = probs.at(0, head, q, k);
                        if (k > q) {
                            assertEquals(0f, p, "no attention to later or padding keys");
                        }
                        sum += p;
                    }
                    assertEquals(1.0, sum, 1e-5);
                }
            }
        }
    }

    /**
     * plnd_paper mlp.ffn = ||act[:,k]|| * ||down[:,k]||; plnd_release_code mlp.ffn = sum |up_k| and
     * attn.v = sum |context_j|; plnd_paper attn.o = ||context[:,j]|| * ||o_proj[:,j]||.
     */
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.QWEN3, Fixtures.PHI3})
    void tracedValuesReproduceTheReferenceScores(String fixture) {
        int[][] docs = Fixtures.documents(fixture);
        try (LanguageModel model = Fixtures.load(fixture); NDManager scope = NDManager.newBaseManager()) {
            ModelConfig c = model.config();
            for (int d = 0; d < docs.length; d++) {
                Recorder rec = new Recorder();
                model.trace(scope, new int[][] {docs[d]}, Intervention.NONE, rec);
                int t = docs[d].length;
                for (int layer = 0; layer < c.numLayers(); layer++) {
                    float[] down = model.weights(model.manager(), layer).down().toFloatArray();  // [H, I]
                    float[] o = model.weights(model.manager(), layer).o().toFloatArray();        // [H, nh*hd]
                    String key = "layers." + layer + ".";
                    assertClose(Fixtures.scores(fixture, "plnd_paper", d, key + "mlp.ffn"),
                            normTimesColumnNorm(rec.get(layer, "act"), t, down, c.hiddenSize()), key + "mlp.ffn");
                    assertClose(Fixtures.scores(fixture, "plnd_paper", d, key + "attn.o"),
                            normTimesColumnNorm(rec.get(layer, "context"), t, o, c.hiddenSize()), key + "attn.o");
                    if (Fixtures.expected(fixture).has("plnd_release_code")) {   // Qwen3's reference has the paper's only
                        assertClose(Fixtures.scores(fixture, "plnd_release_code", d, key + "mlp.ffn"),
                                absSum(rec.get(layer, "up"), t), key + "mlp.ffn (release)");
                        assertClose(Fixtures.scores(fixture, "plnd_release_code", d, key + "attn.v"),
                                absSum(rec.get(layer, "context"), t), key + "attn.v (release)");
                    }
                }
            }
        }
    }

    /** For each column k of x [1,T,N]: ||x[:,k]|| * ||w[:,k]|| with w [rows, N]. */
    private static double[] normTimesColumnNorm(Recorder.Tensor x, int t, float[] w, int rows) {
        int n = (int) x.shape()[2];
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            double a = 0;
            for (int i = 0; i < t; i++) {
                a += (double) x.at(0, i, k) * x.at(0, i, k);
            }
            double b = 0;
            for (int r = 0; r < rows; r++) {
                b += (double) w[r * n + k] * w[r * n + k];
            }
            out[k] = Math.sqrt(a) * Math.sqrt(b);
        }
        return out;
    }

    private static double[] absSum(Recorder.Tensor x, int t) {
        int n = (int) x.shape()[2];
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < t; i++) {
                out[k] += Math.abs(x.at(0, i, k));
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, double[] got, String what) {
        assertEquals(expected.length, got.length, what);
        double scale = Fixtures.maxAbs(expected);
        for (int i = 0; i < got.length; i++) {
            assertTrue(Math.abs(got[i] - expected[i]) <= 1e-4 * scale,
                    what + "[" + i + "]: " + got[i] + " vs " + expected[i]);
        }
    }

    private static void assertShape(Recorder rec, String name, long... shape) {
        for (int layer = 0; rec.get(layer, name) != null; layer++) {
            assertArrayEquals(shape, rec.get(layer, name).shape(), "layer " + layer + " " + name);
        }
        assertTrue(rec.get(0, name) != null, name + " was not traced");
    }
}
