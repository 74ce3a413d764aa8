package io.multilens.plnd.score;

import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The q/k probability-change sweep of {@link ProbabilityChange} as one fused loop per attention
 * row, with the JDK's vector API: for each head dimension d of a chunk and query row t,
 * {@code Σ_j (softmax_j(S[t] + ΔS_d[t]) - P[t, j])²} where {@code ΔS_d[t, j] = Σ_r left[d, t, r] *
 * right[d, r, j] + (rowScale[d, t] + columnScale[d, j]) * scaled[t, j]}.
 *
 * <p>Hand-written because no library op does it: in PyTorch eager the sweep is about ten
 * memory-bound passes over a [B, nh, D, rows, T] tensor per chunk (matmul, add, softmax, subtract,
 * square, sum), T²/2 x head_dim elements per head and layer, which made PLND cost ~3 forward passes.
 * Here each row stays in L1: the shifted scores and their exponentials in one pass, the squared
 * difference in a second. Rows are taken against their maximum unablated score; where a bound on
 * the shift ({@code |left| max|right| + ...}) stays under {@link #SAFE_EXPONENT} no exponential can
 * overflow or all underflow, so the row's own maximum is not needed; other rows take it first.
 * Work goes to the common fork-join pool by (document, head); each (document, head) is summed by one
 * thread in a fixed order, so results do not depend on the number of threads.
 *
 * <p>Used only where {@link QkKernel#VECTOR_AVAILABLE}: the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (bin/multilens does).
 */
final class VectorSweep {

    /** 256-bit vectors: the widest every x86-64 machine with AVX2 runs at full rate (Zen 4 splits 512-bit ones). */
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;
    private static final int LANES = RowScores.LANES;
    /** Largest exponent taken without the row's own maximum: e^60 is far from float's 3.4e38, e^-60 far from its smallest normal. */
    static final float SAFE_EXPONENT = 60f;

    /**
     * One chunk's factors as arrays: left [B*nh, D, T, r], right [B*nh, D, r, stride] (padded with
     * zeros), rowScale [B*nh, D, T] and columnScale [B*nh, D, stride] or null, and the per-column
     * rescaling the kernel adds: columnScale, zeros where only rows are rescaled, null for neither.
     * Arrays may be longer than that (reused); nothing reads past it.
     */
    record Chunk(int dims, int terms, float[] left, float[] right, float[] rowScale, float[] columnScale, float[] columns) {
    }

    private VectorSweep() {
    }

    /** Whether the CPU has the 256-bit vectors the kernel is written for (AVX2 on x86-64). */
    static boolean fitsHardware() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= SPECIES.vectorBitSize();
    }

    /** The per-(document, head, dimension) squared change of the chunk, [B*nh*D] in that order. */
    static float[] squared(RowScores s, Chunk c) {
        int pairs = s.batch * s.heads;
        float[] out = new float[pairs * c.dims()];
        float[] scaled = c.rowScale() == null && c.columnScale() == null ? null : s.scaled();
        float[] scaledMax = scaled == null ? null : s.scaledMaxAbs();
        float[] columns = c.columns();
        float[] rightMax = RowScores.rowMaxAbs(c.right(), s.stride, pairs * c.dims() * c.terms());
        float[] columnMax = c.columnScale() == null ? null : RowScores.rowMaxAbs(c.columnScale(), s.stride, pairs * c.dims());
        IntStream.range(0, pairs).parallel().forEach(bh -> {
            float[] buffer = new float[s.stride];
            float[] lanes = new float[LANES];
            double[] sums = new double[c.dims()];
            for (int t = 0; t < s.tokens; t++) {
                if (!s.queryValid[(bh / s.heads) * s.tokens + t]) {
                    continue;
                }
                int row = bh * s.tokens + t;
                int from = s.from[row];
                int to = s.to[row];
                int rowAt = row * s.stride;
                for (int d = 0; d < c.dims(); d++) {
                    int head = bh * c.dims() + d;
                    int leftAt = (head * s.tokens + t) * c.terms();
                    int right0 = head * c.terms() * s.stride;
                    // a one-term factor runs as two with a zero second coefficient
                    int right1 = c.terms() > 1 ? right0 + s.stride : right0;
                    float l0 = c.left()[leftAt];
                    float l1 = c.terms() > 1 ? c.left()[leftAt + 1] : 0f;
                    float bound = Math.abs(l0) * rightMax[head * c.terms()] + Math.abs(l1) * rightMax[right1 / s.stride];
                    float offset = 0f;
                    float sum;
                    if (scaled == null) {
                        if (bound > SAFE_EXPONENT || Float.isNaN(bound)) {
                            offset = maxShift(s.shifted, c.right(), rowAt, right0, right1, from, to, l0, l1);
                        }
                        sum = exponentials(s.shifted, c.right(), rowAt, right0, right1, from, to, l0, l1, offset, buffer, lanes);
                    } else {
                        float rowScale = c.rowScale() == null ? 0f : c.rowScale()[head * s.tokens + t];
                        bound += (Math.abs(rowScale) + (columnMax == null ? 0f : columnMax[head])) * scaledMax[row];
                        if (bound > SAFE_EXPONENT || Float.isNaN(bound)) {
                            offset = maxShift(s.shifted, c.right(), scaled, columns, rowAt, right0, right1, head * s.stride,
                                    from, to, l0, l1, rowScale);
                        }
                        sum = exponentials(s.shifted, c.right(), scaled, columns, rowAt, right0, right1, head * s.stride,
                                from, to, l0, l1, rowScale, offset, buffer, lanes);
                    }
                    sums[d] += squares(s.negProbs, buffer, rowAt, from, to, 1f / sum, lanes);
                }
            }
            for (int d = 0; d < c.dims(); d++) {
                out[bh * c.dims() + d] = (float) sums[d];
            }
        });
        return out;
    }

    // Each loop below is straight-line vector code in its own method, and vectors never cross a
    // branch or a call: a vector that flows through a phi is boxed on JDK 17 (twice as slow).

    /** max_j of S[t, j] + l0 R0[j] + l1 R1[j]. */
    private static float maxShift(float[] shifted, float[] right, int rowAt, int right0, int right1, int from, int to,
                                  float l0, float l1) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, l0);
        FloatVector a1 = FloatVector.broadcast(SPECIES, l1);
        FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int j = from; j < to; j += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, right, right0 + j).fma(a0, FloatVector.fromArray(SPECIES, shifted, rowAt + j));
            x = FloatVector.fromArray(SPECIES, right, right1 + j).fma(a1, x);
            max = max.max(x);
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** exp(S[t, j] + l0 R0[j] + l1 R1[j] - offset) into {@code buffer}; returns their sum. */
    private static float exponentials(float[] shifted, float[] right, int rowAt, int right0, int right1, int from, int to,
                                      float l0, float l1, float offset, float[] buffer, float[] lanes) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, l0);
        FloatVector a1 = FloatVector.broadcast(SPECIES, l1);
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int j = from; j < to; j += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, right, right0 + j).fma(a0, FloatVector.fromArray(SPECIES, shifted, rowAt + j));
            x = FloatVector.fromArray(SPECIES, right, right1 + j).fma(a1, x);
            FloatVector e = exp(x.sub(offset));
            e.intoArray(buffer, j);
            sum = sum.add(e);
        }
        sum.intoArray(lanes, 0);
        return inOrder(lanes);
    }

    /** As {@link #maxShift} with + (rowScale + columns[j]) * scaled[t, j] (a per-head norm's rescaling). */
    private static float maxShift(float[] shifted, float[] right, float[] scaled, float[] columns, int rowAt, int right0,
                                  int right1, int columnAt, int from, int to, float l0, float l1, float rowScale) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, l0);
        FloatVector a1 = FloatVector.broadcast(SPECIES, l1);
        FloatVector rows = FloatVector.broadcast(SPECIES, rowScale);
        FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int j = from; j < to; j += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, right, right0 + j).fma(a0, FloatVector.fromArray(SPECIES, shifted, rowAt + j));
            x = FloatVector.fromArray(SPECIES, right, right1 + j).fma(a1, x);
            FloatVector k = FloatVector.fromArray(SPECIES, columns, columnAt + j).add(rows);
            x = FloatVector.fromArray(SPECIES, scaled, rowAt + j).fma(k, x);
            max = max.max(x);
        }
        return max.reduceLanes(VectorOperators.MAX);
    }

    /** As {@link #exponentials} with the per-head norm's rescaling. */
    private static float exponentials(float[] shifted, float[] right, float[] scaled, float[] columns, int rowAt, int right0,
                                      int right1, int columnAt, int from, int to, float l0, float l1, float rowScale,
                                      float offset, float[] buffer, float[] lanes) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, l0);
        FloatVector a1 = FloatVector.broadcast(SPECIES, l1);
        FloatVector rows = FloatVector.broadcast(SPECIES, rowScale);
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int j = from; j < to; j += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, right, right0 + j).fma(a0, FloatVector.fromArray(SPECIES, shifted, rowAt + j));
            x = FloatVector.fromArray(SPECIES, right, right1 + j).fma(a1, x);
            FloatVector k = FloatVector.fromArray(SPECIES, columns, columnAt + j).add(rows);
            x = FloatVector.fromArray(SPECIES, scaled, rowAt + j).fma(k, x);
            FloatVector e = exp(x.sub(offset));
            e.intoArray(buffer, j);
            sum = sum.add(e);
        }
        sum.intoArray(lanes, 0);
        return inOrder(lanes);
    }

    /** Σ_j (e_j * inverse - P[t, j])² for the exponentials e in {@code buffer}; two sums, so that the FMAs do not wait on each other. */
    private static float squares(float[] negProbs, float[] buffer, int rowAt, int from, int to, float inverse, float[] lanes) {
        FloatVector scale = FloatVector.broadcast(SPECIES, inverse);
        FloatVector even = FloatVector.zero(SPECIES);
        FloatVector odd = FloatVector.zero(SPECIES);
        int j = from;
        for (; j + LANES < to; j += 2 * LANES) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, buffer, j).fma(scale, FloatVector.fromArray(SPECIES, negProbs, rowAt + j));
            FloatVector d1 = FloatVector.fromArray(SPECIES, buffer, j + LANES)
                    .fma(scale, FloatVector.fromArray(SPECIES, negProbs, rowAt + j + LANES));   // p' - p
            even = d0.fma(d0, even);
            odd = d1.fma(d1, odd);
        }
        for (; j < to; j += LANES) {
            FloatVector d0 = FloatVector.fromArray(SPECIES, buffer, j).fma(scale, FloatVector.fromArray(SPECIES, negProbs, rowAt + j));
            even = d0.fma(d0, even);
        }
        even.add(odd).intoArray(lanes, 0);
        return inOrder(lanes);
    }

    /**
     * The lanes' sum in a fixed pairwise order (reduceLanes(ADD) may add in any order, which would
     * make results depend on the JIT; pairs keep the dependent additions to three).
     */
    private static float inOrder(float[] l) {
        return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23 + 127: adding it rounds x log2(e) to an integer n and leaves n + 127 (the exponent bias) in the low bits. */
    private static final float MAGIC = 12582912f + 127f;

    /**
     * e^x to within one ulp for x up to 88.3 (above, e^88.3; the kernel's exponents stay at most 60), 0 below -87.3
     * (float's smallest normal): Cody-Waite reduction to r = x - n ln 2, Cephes'
     * degree-6 polynomial for e^r, 2^n from the exponent bits. Made of fma, add, multiply and bit shifts only, so the
     * interpreter, C1 and C2 give the same bits ({@code lanewise(EXP)} is Intel's SVML when compiled and StrictMath
     * before: results would depend on how warm the JIT is); {@link #expReference} is the same in scalar code.
     */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> under = x.compare(VectorOperators.LT, -87.3f);
        FloatVector clamped = x.max(-87.3f).min(88.3f);
        FloatVector t = clamped.fma(FloatVector.broadcast(SPECIES, LOG2E), FloatVector.broadcast(SPECIES, MAGIC));
        FloatVector n = t.sub(MAGIC);                                              // round(x log2 e)
        FloatVector r = n.fma(FloatVector.broadcast(SPECIES, -LN2_HI), clamped);
        r = n.fma(FloatVector.broadcast(SPECIES, -LN2_LO), r);                     // x - n ln 2, |r| <= ln(2)/2
        FloatVector p = FloatVector.broadcast(SPECIES, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(SPECIES, 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);                                            // e^r
        FloatVector powerOfTwo = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // 2^n
        return p.mul(powerOfTwo).blend(0f, under);
    }

    /** {@link #exp} lane by lane, for tests. */
    static float expReference(float x) {
        if (x < -87.3f) {
            return 0f;
        }
        float clamped = Math.min(Math.max(x, -87.3f), 88.3f);
        float t = Math.fma(clamped, LOG2E, MAGIC);
        float n = t - MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, clamped));
        float p = 1.9875691500e-4f;
        p = Math.fma(p, r, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat(Float.floatToRawIntBits(t) << 23);
    }
}
