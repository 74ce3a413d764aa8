package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys (after RoPE, stored transposed so attention multiplies without touching them) and values
 * of every layer for the tokens seen so far, plus which key columns are real. Arrays live in the
 * generation call's manager; each append frees the previous, shorter ones.
 */
public final class KvCache {

    private final NDManager manager;
    private final NDArray[] keysT;   // per layer [B, nkv, hd, S]
    private final NDArray[] values;  // per layer [B, nkv, S, hd]
    private boolean[][] keyValid;    // [B][S]

    public KvCache(NDManager manager, int layers) {
        this.manager = manager;
        this.keysT = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Number of cached token columns. */
    public int length() {
        return keyValid == null ? 0 : keyValid[0].length;
    }

    /** Records the validity of the next tokens' columns; returns all columns' validity [B][S]. */
    public boolean[][] extend(boolean[][] next) {
        if (keyValid == null) {
            keyValid = next;
            return keyValid;
        }
        boolean[][] all = new boolean[next.length][];
        for (int r = 0; r < next.length; r++) {
            all[r] = new boolean[keyValid[r].length + next[r].length];
            System.arraycopy(keyValid[r], 0, all[r], 0, keyValid[r].length);
            System.arraycopy(next[r], 0, all[r], keyValid[r].length, next[r].length);
        }
        keyValid = all;
        return all;
    }

    /** Appends [B, nkv, hd, T] keys; returns [B, nkv, hd, S] */
    public NDArray appendKeys(int layer, NDArray newKeysT) {
        keysT[layer] = append(keysT[layer], newKeysT, 3);
        return keysT[layer];
    }

    /** Appends [B, nkv, T, hd] values; returns [B, nkv, S, hd] */
    public NDArray appendValues(int layer, NDArray newValues) {
        values[layer] = append(values[layer], newValues, 2);
        return values[layer];
    }

    private NDArray append(NDArray old, NDArray next, int axis) {
        NDArray all = old == null ? next : old.concat(next, axis);
        all.attach(manager);
        if (old != null) {
            old.close();
        }
        return all;
    }
}
