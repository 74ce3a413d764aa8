package io.multilens.eval.tasks.prompt;

import io.multilens.eval.tasks.data.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Which exemplars precede an item. Tasks with a fixed exemplar set (MGSM's eight) take the first
 * {@code n}; tasks that draw from a pool draw {@code n} distinct examples at random, never the
 * item itself, with a generator seeded by the seed and the item's id, so an item's exemplars do
 * not depend on which other items are evaluated ({@code limit}, order).
 */
public final class FewshotSampler {

    private FewshotSampler() {
    }

    public static List<Example> first(List<Example> pool, int n) {
        return List.copyOf(pool.subList(0, Math.min(n, pool.size())));
    }

    public static List<Example> random(List<Example> pool, int n, long seed, String itemId) {
        if (n <= 0) {
            return List.of();
        }
        List<Example> candidates = new ArrayList<>();
        for (Example e : pool) {
            if (!e.id().equals(itemId)) {
                candidates.add(e);
            }
        }
        Random random = new Random(seed * 1_000_003L + itemId.hashCode());
        int k = Math.min(n, candidates.size());
        // partial Fisher–Yates: the first k places hold a uniform sample without replacement
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(candidates.size() - i);
            Example t = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, t);
        }
        return List.copyOf(candidates.subList(0, k));
    }
}
