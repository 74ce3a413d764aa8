package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;

/**
 * One layer's unablated attention rows as Java arrays, for {@link VectorSweep}: every row of a
 * [B * nh, T, T] score matrix padded to {@code stride} columns (a multiple of the vector length),
 * and which columns of each row a query sees. Built once per layer; q and k and every chunk of
 * head dimensions share it.
 */
final class RowScores {

    /** Floats per vector in {@link VectorSweep}: rows are padded to a multiple of it. */
    static final int LANES = 8;
    /** A masked score (the backends add -1e30; -infinity is masked too). */
    private static final float MASKED_BELOW = -1e20f;

    final int heads;
    final int batch;
    final int tokens;
    /** Row length in floats: tokens rounded up to {@link #LANES}. */
    final int stride;
    /** Masked scores minus their row's maximum (so at most 0; masked columns and the padding stay far below), [B*nh, T, stride]. */
    final float[] shifted;
    /** Minus the unablated probabilities, [B*nh, T, stride] (0 in the padding). */
    final float[] negProbs;
    /** First and one-past-last visible column of each row, rounded out to whole vectors, [B*nh, T]. */
    final int[] from;
    final int[] to;
    /** Whether each query row is a real token (padding rows are not scored), [B, T]. */
    final boolean[] queryValid;
    /** Scaled scores before bias, [B*nh, T, stride], and each row's largest magnitude [B*nh, T]; null unless a per-head norm needs them. */
    private float[] scaled;
    private float[] scaledMaxAbs;
    private final AttentionBatch a;
    private final KernelScratch scratch;

    RowScores(AttentionBatch a, KernelScratch scratch) {
        this.a = a;
        this.scratch = scratch;
        this.batch = a.batch;
        this.heads = a.heads;
        this.tokens = a.tokens;
        this.stride = (tokens + LANES - 1) / LANES * LANES;
        int rows = batch * heads * tokens;
        NDArray masked = a.maskedScores();                                 // [B, nh, T, T]
        float[] rowMax;
        try (NDArray max = masked.max(new int[] {3}, true);                // [B, nh, T, 1]
             NDArray below = masked.sub(max)) {                            // [B, nh, T, T]
            shifted = scratch.rows(KernelScratch.Slot.SHIFTED, below, tokens, stride, Float.NEGATIVE_INFINITY);
            rowMax = max.toFloatArray();                                   // [B*nh*T]
        }
        from = new int[rows];
        to = new int[rows];
        for (int row = 0; row < rows; row++) {
            int at = row * stride;
            int first = 0;
            while (first < tokens && !(shifted[at + first] > MASKED_BELOW)) {
                first++;
            }
            int last = tokens - 1;
            while (last >= first && !(shifted[at + last] > MASKED_BELOW)) {
                last--;
            }
            // a row that sees no key (its maximum is a mask) changes nothing: masked + shift rounds to masked
            boolean blind = first >= tokens || !(rowMax[row] > MASKED_BELOW);
            from[row] = blind ? 0 : first / LANES * LANES;
            to[row] = blind ? 0 : Math.min(stride, (last + LANES) / LANES * LANES);
        }
        try (NDArray negative = a.probs().neg()) {                         // [B, nh, T, T]
            negProbs = scratch.rows(KernelScratch.Slot.NEG_PROBS, negative, tokens, stride, 0f);
        }
        float[] valid = a.hasPadding() ? a.trace().valid().toFloatArray() : null; // [B*T]
        queryValid = new boolean[batch * tokens];
        for (int i = 0; i < queryValid.length; i++) {
            queryValid[i] = valid == null || valid[i] > 0.5f;
        }
    }

    /** The scaled scores (what a per-head norm's rescaling multiplies), padded with zeros. */
    float[] scaled() {
        if (scaled == null) {
            scaled = scratch.rows(KernelScratch.Slot.SCALED, a.scaledScores(), tokens, stride, 0f);
            scaledMaxAbs = rowMaxAbs(scaled, stride, batch * heads * tokens);
        }
        return scaled;
    }

    /** max_j |scaled[row, j]| per row, after {@link #scaled()}. */
    float[] scaledMaxAbs() {
        scaled();
        return scaledMaxAbs;
    }

    /** max |x| of each of the first {@code rows} rows of {@code stride} floats (padding is zeros). */
    static float[] rowMaxAbs(float[] x, int stride, int rows) {
        float[] out = new float[rows];
        for (int row = 0; row < rows; row++) {
            float m = 0f;
            for (int j = row * stride, end = j + stride; j < end; j++) {
                m = Math.max(m, Math.abs(x[j]));
            }
            out[row] = m;
        }
        return out;
    }
}
