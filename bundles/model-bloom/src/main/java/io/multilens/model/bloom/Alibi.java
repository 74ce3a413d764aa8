package io.multilens.model.bloom;

/**
 * ALiBi's per-head slopes (Press et al. 2022), as BLOOM computes them: for n heads and p the
 * largest power of two not above n, head h < p gets {@code 2^(-8(h+1)/p)}; the remaining n - p
 * heads take every other slope of the 2p-head sequence, {@code 2^(-4(2j+1)/p)} for j = 0, 1, ….
 * The bias of a key is its slope times the key's position; softmax ignores a constant per row, so
 * this equals the relative form slope * (key - query).
 */
final class Alibi {

    private Alibi() {
    }

    static float[] slopes(int heads) {
        int p = Integer.highestOneBit(heads);
        double base = Math.pow(2, -8.0 / p);
        float[] out = new float[heads];
        for (int h = 0; h < p; h++) {
            out[h] = (float) Math.pow(base, h + 1);
        }
        double extraBase = Math.pow(2, -4.0 / p);
        for (int j = 0; p + j < heads; j++) {
            out[p + j] = (float) Math.pow(extraBase, 2 * j + 1);
        }
        return out;
    }
}
