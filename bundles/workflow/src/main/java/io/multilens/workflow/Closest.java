package io.multilens.workflow;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean" suggestions by edit distance. */
final class Closest {

    private Closest() {
    }

    static List<String> to(String word, Collection<String> candidates) {
        int limit = Math.max(2, word.length() / 3);
        return candidates.stream()
                .filter(c -> distance(word, c) <= limit || c.startsWith(word) || word.startsWith(c))
                .sorted(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c))
                .limit(3)
                .toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
