package io.multilens.eval.tasks.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ROUGE-1, ROUGE-2 and ROUGE-L F-measures of one summary against one reference, on tokens that
 * work for every script: lower-cased, punctuation and symbols replaced by spaces (as Google's
 * rouge-score replaces every non-alphanumeric character, here for all scripts, keeping
 * combining vowel signs), then {@link ScriptTokens}, so that each Chinese ideograph, kana and
 * Thai character is a token. No stemming (there is no stemmer for most of these languages).
 *
 * <p>ROUGE-N: precision and recall of the multiset of n-grams; ROUGE-L: of the longest common
 * subsequence of tokens. F = 2PR / (P + R), 0 when nothing overlaps.
 */
public final class Rouge {

    private static final Pattern PUNCTUATION_OR_SYMBOL = Pattern.compile("[\\p{P}\\p{S}]");

    /** The three F-measures, fractions in [0, 1]. */
    public record Scores(double rouge1, double rouge2, double rougeL) {
    }

    private Rouge() {
    }

    public static List<String> tokens(String text) {
        return ScriptTokens.of(PUNCTUATION_OR_SYMBOL.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" "));
    }

    public static Scores score(String summary, String reference) {
        List<String> s = tokens(summary);
        List<String> r = tokens(reference);
        return new Scores(rougeN(s, r, 1), rougeN(s, r, 2), rougeL(s, r));
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
