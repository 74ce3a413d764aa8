package io.multilens.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training batches of fixed-length windows over each language's documents laid end to end. Each
 * window's language is drawn uniformly, so every language gets the same share of tokens whatever
 * its script's bytes per character. Batch {@code k} depends only on (seed, k): a resumed run sees
 * the same batches as an uninterrupted one.
 */
public final class TokenWindows {

    private final List<String> languages;
    private final List<int[]> streams = new ArrayList<>();
    private final int length;
    private final long seed;

    /** @param length tokens per window (the first is context only) */
    public TokenWindows(Map<String, List<int[]>> documents, int length, long seed) {
        this.languages = List.copyOf(documents.keySet());
        this.length = length;
        this.seed = seed;
        for (String lang : languages) {
            int total = documents.get(lang).stream().mapToInt(d -> d.length).sum();
            if (total < length) {
                throw new io.multilens.api.status.StepFailure("language '" + lang + "' has " + total
                        + " training tokens, fewer than one window of " + length + "; add text or lower sequence_length");
            }
            int[] s = new int[total];
            int at = 0;
            for (int[] d : documents.get(lang)) {
                System.arraycopy(d, 0, s, at, d.length);
                at += d.length;
            }
            streams.add(s);
        }
    }

    public int[][] batch(long step, int size) {
        Random r = new Random(seed * 1_000_003L + step);
        int[][] out = new int[size][];
        for (int i = 0; i < size; i++) {
            int[] s = streams.get(r.nextInt(streams.size()));
            int start = r.nextInt(s.length - length + 1);
            out[i] = java.util.Arrays.copyOfRange(s, start, start + length);
        }
        return out;
    }

    public List<String> languages() {
        return languages;
    }
}
