package io.multilens.eval.tasks.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum F-measures of one summary against one reference, on
 * the tokens of a {@link RougeTokens}: multilens's script-aware ones, or XL-Sum's multilingual
 * ROUGE tokens (word segmentation and stemming per language).
 *
 * <p>ROUGE-N: precision and recall of the multiset of n-grams; ROUGE-L: of the longest common
 * subsequence of tokens; ROUGE-Lsum: rouge-score's summary-level LCS, sentences being the lines of
 * each text (for each reference sentence, the union of its LCS with every summary sentence, each
 * token counted at most as often as both texts hold it). F = 2PR / (P + R), 0 when nothing overlaps.
 */
public final class Rouge {

    /** The F-measures, fractions in [0, 1]. */
    public record Scores(double rouge1, double rouge2, double rougeL, double rougeLsum) {
    }

    private Rouge() {
    }

    /** With multilens's script-aware tokens. */
    public static Scores score(String summary, String reference) {
        return score(summary, reference, RougeTokens.script());
    }

    public static Scores score(String summary, String reference, RougeTokens tokens) {
        List<String> s = tokens.words(summary);
        List<String> r = tokens.words(reference);
        return new Scores(rougeN(s, r, 1), rougeN(s, r, 2), rougeL(s, r), rougeLsum(summary, reference, tokens));
    }

    /** Summary-level ROUGE-L over the texts' lines (rouge-score's rougeLsum). */
    static double rougeLsum(String summary, String reference, RougeTokens tokens) {
        List<List<String>> candidate = sentences(summary, tokens);
        List<List<String>> ref = sentences(reference, tokens);
        int m = ref.stream().mapToInt(List::size).sum();
        int n = candidate.stream().mapToInt(List::size).sum();
        if (m == 0 || n == 0) {
            return 0;
        }
        java.util.Map<String, Integer> refCounts = new java.util.HashMap<>();
        java.util.Map<String, Integer> candCounts = new java.util.HashMap<>();
        ref.forEach(sent -> sent.forEach(t -> refCounts.merge(t, 1, Integer::sum)));
        candidate.forEach(sent -> sent.forEach(t -> candCounts.merge(t, 1, Integer::sum)));
        int hits = 0;
        for (List<String> r : ref) {
            java.util.TreeSet<Integer> union = new java.util.TreeSet<>();
            for (List<String> c : candidate) {
                union.addAll(lcsIndices(r, c));
            }
            for (int i : union) {
                String t = r.get(i);
                if (candCounts.getOrDefault(t, 0) > 0 && refCounts.getOrDefault(t, 0) > 0) {
                    hits++;
                    candCounts.merge(t, -1, Integer::sum);
                    refCounts.merge(t, -1, Integer::sum);
                }
            }
        }
        return f(hits, n, m);
    }

    private static List<List<String>> sentences(String text, RougeTokens tokens) {
        List<List<String>> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            List<String> t = tokens.sentenceWords(line);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Indices into {@code ref} of one longest common subsequence with {@code can}, by rouge-score's backtracking. */
    static List<Integer> lcsIndices(List<String> ref, List<String> can) {
        int[][] table = new int[ref.size() + 1][can.size() + 1];
        for (int i = 1; i <= ref.size(); i++) {
            for (int j = 1; j <= can.size(); j++) {
                table[i][j] = ref.get(i - 1).equals(can.get(j - 1)) ? table[i - 1][j - 1] + 1
                        : Math.max(table[i - 1][j], table[i][j - 1]);
            }
        }
        java.util.LinkedList<Integer> out = new java.util.LinkedList<>();
        int i = ref.size();
        int j = can.size();
        while (i > 0 && j > 0) {
            if (ref.get(i - 1).equals(can.get(j - 1))) {
                out.addFirst(i - 1);
                i--;
                j--;
            } else if (table[i][j - 1] > table[i - 1][j]) {
                j--;
            } else {
                i--;
            }
        }
        return out;
    }

    static double rougeN(List<String> summary, List<String> reference, int n) {
        List<String> s = ngrams(summary, n);
        List<String> r = ngrams(reference, n);
        return f(SquadScore.overlap(s, r), s.size(), r.size());
    }

    static double rougeL(List<String> summary, List<String> reference) {
        return f(lcs(summary, reference), summary.size(), reference.size());
    }

    /** Length of the longest common subsequence, by dynamic programming over two rows. */
    static int lcs(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] = x.equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.size()];
    }

    private static List<String> ngrams(List<String> tokens, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            // U+0001 cannot occur inside a token, so joined n-grams cannot collide
            out.add(String.join("\u0001", tokens.subList(i, i + n)));
        }
        return out;
    }

    private static double f(int overlap, int summaryCount, int referenceCount) {
        if (overlap == 0) {
            return 0;
        }
        double precision = (double) overlap / summaryCount;
        double recall = (double) overlap / referenceCount;
        return 2 * precision * recall / (precision + recall);
    }
}
