package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Token ids of B sequences padded to a common length T, with each token's RoPE position and
 * whether it is real. Padding tokens get id 0; the attention bias keeps every real token from
 * seeing them, so they change nothing. Right padding continues the positions (column t has
 * position t in every row, so all rows share one RoPE table); left padding gives pads position 0.
 *
 * @param ids       [B*T] row-major
 * @param positions [B][T]
 * @param valid     [B][T] false for padding
 */
public record TokenBatch(int size, int length, long[] ids, int[][] positions, boolean[][] valid) {

    /** Documents starting at column 0 (the layout of logits and traces: row t is token t). */
    public static TokenBatch rightPadded(int[][] docs, int vocabSize) {
        return padded(docs, vocabSize, false);
    }

    /** Sequences ending at the last column, so that generation appends every row's next token in one column. */
    public static TokenBatch leftPadded(int[][] seqs, int vocabSize) {
        return padded(seqs, vocabSize, true);
    }

    /** One new token per row, at the given positions (a KV-cached generation step). */
    public static TokenBatch nextTokens(long[] tokens, int[] positions) {
        int b = tokens.length;
        int[][] pos = new int[b][1];
        boolean[][] valid = new boolean[b][1];
        for (int r = 0; r < b; r++) {
            pos[r][0] = positions[r];
            valid[r][0] = true;
        }
        return new TokenBatch(b, 1, tokens.clone(), pos, valid);
    }

    private static TokenBatch padded(int[][] seqs, int vocabSize, boolean left) {
        if (seqs.length == 0) {
            throw new IllegalArgumentException("no sequences given");
        }
        int t = 0;
        for (int r = 0; r < seqs.length; r++) {
            if (seqs[r].length == 0) {
                throw new IllegalArgumentException("sequence " + r + " is empty");
            }
            t = Math.max(t, seqs[r].length);
        }
        long[] ids = new long[seqs.length * t];
        int[][] positions = new int[seqs.length][t];
        boolean[][] valid = new boolean[seqs.length][t];
        for (int r = 0; r < seqs.length; r++) {
            int pad = left ? t - seqs[r].length : 0;
            if (!left) {
                Arrays.setAll(positions[r], i -> i);
            }
            for (int i = 0; i < seqs[r].length; i++) {
                int id = seqs[r][i];
                if (id < 0 || id >= vocabSize) {
                    throw new IllegalArgumentException("sequence " + r + ", token " + i + ": id " + id
                            + " is outside the vocabulary (0.." + (vocabSize - 1) + ")");
                }
                ids[r * t + pad + i] = id;
                positions[r][pad + i] = i;
                valid[r][pad + i] = true;
            }
        }
        return new TokenBatch(seqs.length, t, ids, positions, valid);
    }

    /** [B, T] int64 */
    public NDArray idArray(NDManager manager) {
        return manager.create(ids, new Shape(size, length));
    }

    /** [B, T] float32, 1 for real tokens and 0 for padding */
    public NDArray validArray(NDManager manager) {
        float[] v = new float[size * length];
        for (int r = 0; r < size; r++) {
            for (int i = 0; i < length; i++) {
                v[r * length + i] = valid[r][i] ? 1f : 0f;
            }
        }
        return manager.create(v, new Shape(size, length));
    }
}
