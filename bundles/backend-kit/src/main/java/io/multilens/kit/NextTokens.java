package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What each position of a right-padded batch predicts: the token after it, and whether that token
 * is part of the document (the last token and padding predict nothing).
 *
 * @param ids       [B*T] next token ids, 0 where nothing is predicted
 * @param predicted [B*T] 1 where a next token exists, else 0
 * @param count     how many positions predict a token
 */
public record NextTokens(TokenBatch batch, long[] ids, float[] predicted, int count) {

    public static NextTokens of(TokenBatch batch) {
        int t = batch.length();
        long[] ids = new long[batch.size() * t];
        float[] predicted = new float[ids.length];
        int count = 0;
        for (int r = 0; r < batch.size(); r++) {
            for (int i = 0; i + 1 < t && batch.valid()[r][i + 1]; i++) {
                ids[r * t + i] = batch.ids()[r * t + i + 1];
                predicted[r * t + i] = 1f;
                count++;
            }
        }
        return new NextTokens(batch, ids, predicted, count);
    }

    /** [B, T, 1] int64, the index layout gather needs */
    public NDArray idArray(NDManager manager) {
        return manager.create(ids, new Shape(batch.size(), batch.length(), 1));
    }

    /** [B, T] float32 */
    public NDArray predictedArray(NDManager manager) {
        return manager.create(predicted, new Shape(batch.size(), batch.length()));
    }

    /** The predicted positions' values of a [B*T] array, one row per document (length - 1 values each). */
    public double[][] perDocument(float[] values) {
        int t = batch.length();
        double[][] out = new double[batch.size()][];
        for (int r = 0; r < out.length; r++) {
            int n = 0;
            while (n < t && predicted[r * t + n] == 1f) {
                n++;
            }
            out[r] = new double[n];
            for (int i = 0; i < n; i++) {
                out[r][i] = values[r * t + i];
            }
        }
        return out;
    }
}
