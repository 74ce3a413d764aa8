package io.multilens.eval.tasks.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exact match and token F1 as SQuAD v1.1's official {@code evaluate-v1.1.py} computes them, made
 * multilingual as MLQA's {@code mlqa_evaluation_v1.py} does.
 *
 * <p>Normalisation, in the official order: lower-case; remove punctuation; remove the articles
 * {@code a|an|the} as whole words; collapse whitespace. Punctuation is MLQA's set: every Unicode
 * punctuation character ({@code \p{P}}) plus ASCII {@code string.punctuation}, which includes the
 * symbols {@code $+<=>^`|~}. Tokens are {@link ScriptTokens}: words, and for Chinese, Japanese
 * and Thai single characters (MLQA splits Chinese so; whitespace splitting would give those
 * languages F1 0 for every answer that is not exactly right).
 *
 * <p>F1 is the harmonic mean of precision and recall of the bag of tokens (multiset overlap),
 * 0 when nothing overlaps (also for two empty answers, as in v1.1); both metrics take the maximum
 * over the gold answers. Values are fractions (the official script multiplies by 100).
 */
public final class SquadScore {

    private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private SquadScore() {
    }

    public static String normalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        lower.codePoints().filter(cp -> !punctuation(cp)).forEach(kept::appendCodePoint);
        String noArticles = ARTICLES.matcher(kept).replaceAll(" ");
        return String.join(" ", ScriptTokens.of(noArticles));
    }

    static boolean punctuation(int cp) {
        int type = Character.getType(cp);
        boolean unicodePunctuation = type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
        return unicodePunctuation || (cp < 128 && ASCII_PUNCTUATION.indexOf(cp) >= 0);
    }

    public static List<String> tokens(String s) {
        return ScriptTokens.of(normalize(s));
    }

    public static double exactMatch(String prediction, String gold) {
        return tokens(prediction).equals(tokens(gold)) ? 1 : 0;
    }

    public static double f1(String prediction, String gold) {
        List<String> p = tokens(prediction);
        List<String> g = tokens(gold);
        int same = overlap(p, g);
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / p.size();
        double recall = (double) same / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    public static double maxExactMatch(String prediction, List<String> golds) {
        return golds.stream().mapToDouble(g -> exactMatch(prediction, g)).max().orElse(0);
    }

    public static double maxF1(String prediction, List<String> golds) {
        return golds.stream().mapToDouble(g -> f1(prediction, g)).max().orElse(0);
    }

    /** The size of the multiset intersection (Python's {@code Counter(a) & Counter(b)}). */
    static int overlap(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        a.forEach(t -> counts.merge(t, 1, Integer::sum));
        int same = 0;
        for (String t : b) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                counts.put(t, c - 1);
                same++;
            }
        }
        return same;
    }
}
