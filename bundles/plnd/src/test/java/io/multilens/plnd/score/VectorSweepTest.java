package io.multilens.plnd.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.Fixtures;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector kernel gives PyTorch's blocked sweep: on longer documents in a padded batch (100 and
 * 70 tokens, not a multiple of the vector length), for every kind of factor it takes.
 */
class VectorSweepTest {

    private static final int[][] DOCS = docs();

    private static int[][] docs() {
        Random random = new Random(5);
        return new int[][] {random.ints(100, 3, 300).toArray(), random.ints(70, 3, 300).toArray()};
    }

    @Test
    void theTestJvmHasTheVectorApi() {
        assertTrue(QkKernel.VECTOR_AVAILABLE, "surefire's argLine adds jdk.incubator.vector: without it nothing here tests the kernel");
        assertTrue(QkKernel.AUTO.vectorized());
        assertTrue(!QkKernel.TORCH.vectorized());
    }

    /**
     * The kernel's exponential is within one ulp of Math.exp and gives the same bits as its scalar
     * twin however warm the JIT is (checked cold and after 20,000 calls): results must not depend on
     * how long a process has run, or a shard would not equal one pass.
     */
    @Test
    void theExponentialIsExactToAnUlpAndTheSameCompiledOrNot() {
        Random random = new Random(11);
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 160 - 95);
        }
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = -1e30f;
        x[2] = 0f;
        for (int round : new int[] {0, 20_000}) {
            for (int warm = 0; warm < round; warm++) {
                VectorSweep.exp(jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_256, x, (warm % 512) * 8));
            }
            for (int i = 0; i < x.length; i += 8) {
                float[] y = VectorSweep.exp(jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_256, x, i)).toArray();
                for (int k = 0; k < 8; k++) {
                    float expected = VectorSweep.expReference(x[i + k]);
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[k]), "exp(" + x[i + k] + ") after " + round);
                    double exact = Math.exp(x[i + k]);
                    if (exact > 1.2e-38) {
                        assertTrue(Math.abs(y[k] - exact) <= Math.ulp((float) exact), "exp(" + x[i + k] + ") = " + y[k] + ", not " + exact);
                    } else {
                        assertEquals(0f, y[k], 1.2e-38f);
                    }
                }
            }
        }
        assertEquals(0f, VectorSweep.expReference(Float.NEGATIVE_INFINITY));
        assertEquals(1f, VectorSweep.expReference(0f));
    }

    /**
     * A rank-two shift per dimension, then with a per-row and per-column rescaling of the scaled
     * scores (what a per-head norm adds), then 40 times larger (rows past the safe bound take their
     * own maximum first): each equals PyTorch's sweep within 1e-5 of the largest change.
     * Qwen2: causal and padding masks; BLOOM: ALiBi; Gemma-3: sliding-window layers.
     */
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.QWEN2, Fixtures.BLOOM, Fixtures.GEMMA3})
    void factorsOfEveryKindGiveTheTorchSweep(String fixture) {
        try (LanguageModel model = Fixtures.load(Fixtures.dir(fixture));
             NDManager scope = model.manager().newSubManager()) {
            int[] checked = {0};
            model.trace(scope, DOCS, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace trace) {
                    try (NDManager m = scope.newSubManager()) {
                        AttentionBatch a = new AttentionBatch(m, trace, QkKernel.AUTO, null);
                        NDArray q = a.queriesPos();                                        // [B,nh,T,hd]
                        NDArray k = a.keysPosByHead();                                     // [B,nh,T,hd]
                        NDArray rowScale = q.mul(0.03).expandDims(4);                      // [B,nh,T,hd,1]
                        NDArray columnScale = k.mul(-0.02).expandDims(4);                  // [B,nh,T,hd,1]
                        for (float size : new float[] {1f, 40f}) {
                            NDArray lefts = q.mul(-size).expandDims(4).concat(q.mul(0.5 * size).expandDims(4), 4); // [B,nh,T,hd,2]
                            NDArray rights = k.expandDims(4).concat(k.mul(-0.25).expandDims(4), 4);               // [B,nh,T,hd,2]
                            for (boolean scales : new boolean[] {false, true}) {
                                ProbabilityChange.Shift shift = (c, d0, d1) -> {
                                    NDArray l = lefts.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 2, 4);   // [B,nh,D,T,2]
                                    NDArray r = rights.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 4, 2);  // [B,nh,D,2,T]
                                    if (!scales) {
                                        return new ProbabilityChange.Factors(l, r);
                                    }
                                    NDArray rows = rowScale.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 2, 4);    // [B,nh,D,T,1]
                                    NDArray columns = columnScale.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 4, 2); // [B,nh,D,1,T]
                                    return new ProbabilityChange.Factors(l, r, rows, columns);
                                };
                                float[] torch = ProbabilityChange.squared(a, 5, shift, h -> h, a.tokens).toFloatArray();
                                NDArray fused = VectorKernel.squared(a, 2, shift, h -> h);
                                assertNotNull(fused, "the kernel takes these factors");
                                assertClose(torch, fused.toFloatArray(), fixture + " layer " + layer + " size " + size + " scales " + scales);
                            }
                        }
                        checked[0]++;
                    }
                }
            });
            assertEquals(model.config().numLayers(), checked[0]);
        }
    }

    /** Through the scorers: q and k importances with the kernel equal PyTorch's on every family; Gemma-2's soft cap keeps PyTorch's. */
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.LLAMA, Fixtures.QWEN2, Fixtures.BLOOM, Fixtures.QWEN3, Fixtures.GEMMA2, Fixtures.GEMMA3, Fixtures.PHI3})
    void paperAndReleaseScoresAreTheSameWithEitherKernel(String fixture) {
        try (LanguageModel model = Fixtures.load(Fixtures.dir(fixture));
             NDManager scope = model.manager().newSubManager()) {
            WeightStats weights = new WeightStats(model.config(), model::weights);
            boolean[] differs = {false};
            model.trace(scope, DOCS, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace trace) {
                    for (ScoreMode mode : ScoreMode.values()) {
                        try (NDManager m = scope.newSubManager()) {
                            EnumSet<Structure> qk = EnumSet.of(Structure.Q, Structure.K);
                            Map<Structure, NDArray> torch = mode.scorer(weights, 6, QkKernel.TORCH).attention(m, layer, trace, qk);
                            Map<Structure, NDArray> fused = mode.scorer(weights, 6, QkKernel.AUTO).attention(m, layer, trace, qk);
                            for (Structure s : qk) {
                                float[] expected = torch.get(s).toFloatArray();
                                float[] actual = fused.get(s).toFloatArray();
                                assertClose(expected, actual, fixture + " " + mode + " layer " + layer + " " + s);
                                differs[0] |= !java.util.Arrays.equals(expected, actual);
                            }
                        }
                    }
                }
            });
            // the two kernels round differently: identical scores would mean the vector kernel never ran
            assertEquals(!fixture.equals(Fixtures.GEMMA2), differs[0], "vector kernel used");
        }
    }

    /** A scorer reuses its kernel arrays from trace to trace: after a longer padded batch, a short document scores as with a fresh scorer, bit for bit. */
    @Test
    void reusedArraysLeaveNoTrace() {
        try (LanguageModel model = Fixtures.load(Fixtures.dir(Fixtures.QWEN3));
             NDManager scope = model.manager().newSubManager()) {
            WeightStats weights = new WeightStats(model.config(), model::weights);
            ImportanceScorer reused = ScoreMode.PAPER.scorer(weights, 16);
            EnumSet<Structure> qk = EnumSet.of(Structure.Q, Structure.K);
            model.trace(scope, DOCS, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace trace) {
                    reused.attention(scope, layer, trace, qk);
                }
            });
            int[][] shorter = {java.util.Arrays.copyOf(DOCS[1], 13)};
            int[] compared = {0};
            model.trace(scope, shorter, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace trace) {
                    Map<Structure, NDArray> again = reused.attention(scope, layer, trace, qk);
                    Map<Structure, NDArray> fresh = ScoreMode.PAPER.scorer(weights, 16).attention(scope, layer, trace, qk);
                    for (Structure s : qk) {
                        org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.get(s).toFloatArray(), again.get(s).toFloatArray(),
                                "layer " + layer + " " + s);
                        compared[0]++;
                    }
                }
            });
            assertEquals(2 * model.config().numLayers(), compared[0]);
        }
    }

    /** Factors that move the whole head (r = hd, no permutation terms) or more than two terms go to PyTorch before any factor is made. */
    @Test
    void wholeHeadFactorsAreNeverMade() {
        int layers = eachLayer(Fixtures.QWEN2, a -> {
            for (int terms : new int[] {0, 3}) {
                assertNull(VectorKernel.squared(a, terms, (c, d0, d1) -> {
                    throw new AssertionError("factors made for " + terms + " terms");
                }, h -> h));
            }
        });
        assertTrue(layers > 0);
    }

    @Test
    void aSoftCapKeepsTorchOperations() {
        int layers = eachLayer(Fixtures.GEMMA2, a -> {
            NDArray q = a.queriesPos().expandDims(4);       // [B,nh,T,hd,1]
            assertNull(VectorKernel.squared(a, 1, (c, d0, d1) -> new ProbabilityChange.Factors(
                    q.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 2, 4),
                    q.get(":, :, :, {}:{}, :", d0, d1).transpose(0, 1, 3, 4, 2)), h -> h));
        });
        assertTrue(layers > 0);
    }

    /** Runs {@code check} on each layer's attention batch (vector kernel on) of the fixture over {@link #DOCS}; returns the layers checked. */
    private static int eachLayer(String fixture, java.util.function.Consumer<AttentionBatch> check) {
        int[] checked = {0};
        try (LanguageModel model = Fixtures.load(Fixtures.dir(fixture));
             NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, DOCS, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace trace) {
                    try (NDManager m = scope.newSubManager()) {
                        check.accept(new AttentionBatch(m, trace, QkKernel.AUTO, null));
                        checked[0]++;
                    }
                }
            });
        }
        return checked[0];
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        float max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0, what + ": the shift changes something");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * max, what + " [" + i + "]");
        }
    }
}
