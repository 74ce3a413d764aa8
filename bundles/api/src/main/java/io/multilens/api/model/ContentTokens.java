package io.multilens.api.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which positions of a right-padded batch hold a document's text: real tokens that are not the
 * model's BOS or EOS. Analyses that average over a document's tokens (pooled states, activation
 * probabilities, mean activations) count these, so the special tokens every language shares do not
 * pull the languages together.
 */
public final class ContentTokens {

    private final Set<Integer> special;

    public ContentTokens(ModelConfig config) {
        this.special = new HashSet<>(config.eosTokenIds());
        this.special.add(config.bosTokenId());
    }

    public boolean isContent(int token) {
        return !special.contains(token);
    }

    /** [B][T] for the batch padded to its longest document: true where a content token stands. */
    public boolean[][] mask(List<int[]> batch) {
        int longest = batch.stream().mapToInt(d -> d.length).max().orElse(0);
        boolean[][] content = new boolean[batch.size()][longest];
        for (int r = 0; r < batch.size(); r++) {
            int[] d = batch.get(r);
            for (int i = 0; i < d.length; i++) {
                content[r][i] = isContent(d[i]);
            }
        }
        return content;
    }

    /** How many content tokens a mask holds. */
    public static long count(boolean[][] mask) {
        long n = 0;
        for (boolean[] row : mask) {
            for (boolean b : row) {
                n += b ? 1 : 0;
            }
        }
        return n;
    }
}
