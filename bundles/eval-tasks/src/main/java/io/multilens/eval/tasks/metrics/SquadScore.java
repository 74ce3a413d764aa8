package io.multilens.eval.tasks.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exact match and token F1 as SQuAD v1.1's {@code evaluate-v1.1.py} computes them (the scorer
 * XQuAD's authors prescribe and its published tables use: {@link Normalization#SQUAD_V11}), or as
 * MLQA's {@code mlqa_evaluation_v1.py} does, per language ({@link Normalization#MLQA}, below).
 *
 * <p>SQuAD v1.1: lower-case; remove ASCII {@code string.punctuation}; remove the English
 * articles {@code a|an|the} (whole words) whatever the language; split on white space. F1 is 0
 * when nothing overlaps, two empty answers included.
 *
 * <p>MLQA:
 * <p>Normalisation, in the official order: lower-case; remove punctuation (every Unicode
 * punctuation character, {@code \p{P}}, plus ASCII {@code string.punctuation}, which includes
 * {@code $+<=>^`|~}); remove the language's articles; split into tokens. Articles are MLQA's:
 * en {@code a|an|the}, es {@code un|una|unos|unas|el|la|los|las}, de
 * {@code ein|eine|einen|einem|eines|einer|der|die|das|den|dem|des}, vi
 * {@code của|là|cái|chiếc|những} (whole words), ar the prefix {@code ال} wherever it occurs (as
 * MLQA's pattern does); no other language loses words. Tokens: zh by MLQA's mixed segmentation
 * (each ideograph in U+4E00–U+9FA5 a token, other runs split on white space); languages MLQA does
 * not cover and that write without spaces (th, ja, lo, km, my) per character of those scripts
 * ({@link ScriptTokens}: multilens's extension, since white space would make a whole sentence one
 * token); every other language on white space.
 *
 * <p>F1 is the harmonic mean of precision and recall of the bag of tokens (multiset overlap), 0
 * when nothing overlaps, and 1 when both answers normalise to nothing (as SQuAD v2.0's script:
 * an empty prediction for an empty gold is right). Both metrics take the maximum over the gold
 * answers. Values are fractions (the official scripts multiply by 100).
 */
public final class SquadScore {

    private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Map<String, Pattern> ARTICLES = Map.of(
            "en", words("a|an|the"),
            "es", words("un|una|unos|unas|el|la|los|las"),
            "de", words("ein|eine|einen|einem|eines|einer|der|die|das|den|dem|des"),
            "vi", words("của|là|cái|chiếc|những"),
            "ar", Pattern.compile("ال"));
    private static final java.util.Set<String> UNSPACED = java.util.Set.of("th", "ja", "lo", "km", "my");

    private SquadScore() {
    }

    /** Which official script's normalisation and tokens. */
    public enum Normalization {
        SQUAD_V11("squad-v1.1"), MLQA("mlqa");

        private final String key;

        Normalization(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Normalization of(String key) {
            for (Normalization n : values()) {
                if (n.key.equals(key)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("normalization '" + key + "': squad-v1.1 or mlqa");
        }
    }

    private static final Pattern ENGLISH_ARTICLES = words("a|an|the");

    /** SQuAD v1.1's normalised tokens: the same in every language. */
    static List<String> squadTokens(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        lower.codePoints().filter(cp -> !(cp < 128 && ASCII_PUNCTUATION.indexOf(cp) >= 0)).forEach(kept::appendCodePoint);
        return whitespace(ENGLISH_ARTICLES.matcher(kept).replaceAll(" "));
    }

    static List<String> tokens(String s, String language, Normalization n) {
        return n == Normalization.SQUAD_V11 ? squadTokens(s) : tokens(s, language);
    }

    public static double exactMatch(String prediction, String gold, String language, Normalization n) {
        return tokens(prediction, language, n).equals(tokens(gold, language, n)) ? 1 : 0;
    }

    public static double f1(String prediction, String gold, String language, Normalization n) {
        List<String> p = tokens(prediction, language, n);
        List<String> g = tokens(gold, language, n);
        if (n == Normalization.MLQA && p.isEmpty() && g.isEmpty()) {
            return 1;
        }
        int same = overlap(p, g);
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / p.size();
        double recall = (double) same / g.size();
        return 2 * precision * recall / (precision + recall);
    }

    public static double maxExactMatch(String prediction, List<String> golds, String language, Normalization n) {
        return golds.stream().mapToDouble(g -> exactMatch(prediction, g, language, n)).max().orElse(0);
    }

    public static double maxF1(String prediction, List<String> golds, String language, Normalization n) {
        return golds.stream().mapToDouble(g -> f1(prediction, g, language, n)).max().orElse(0);
    }

    /** Python's {@code \\b(...)\\b} on str patterns: Unicode word boundaries. */
    private static Pattern words(String alternatives) {
        return Pattern.compile("\\b(" + alternatives + ")\\b", Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** The normalised tokens of an answer in {@code language}. */
    public static List<String> tokens(String s, String language) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        lower.codePoints().filter(cp -> !punctuation(cp)).forEach(kept::appendCodePoint);
        Pattern articles = ARTICLES.get(language);
        String text = articles == null ? kept.toString() : articles.matcher(kept).replaceAll(" ");
        if (language.equals("zh")) {
            return mixedSegmentation(text);
        }
        if (UNSPACED.contains(language)) {
            return ScriptTokens.of(text);
        }
        return whitespace(text);
    }

    /** The normalised answer as one string (what exact match compares). */
    public static String normalize(String s, String language) {
        return String.join(" ", tokens(s, language));
    }

    static boolean punctuation(int cp) {
        int type = Character.getType(cp);
        boolean unicodePunctuation = type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
        return unicodePunctuation || (cp < 128 && ASCII_PUNCTUATION.indexOf(cp) >= 0);
    }

    /** Python's {@code str.split()}: runs of white space separate, none are kept. */
    static List<String> whitespace(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.appendCodePoint(cp);
            }
        });
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    /** MLQA's Chinese segmentation: ideographs of U+4E00–U+9FA5 alone, the rest split on white space. */
    static List<String> mixedSegmentation(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp >= 0x4E00 && cp <= 0x9FA5) {
                out.addAll(whitespace(run.toString()));
                run.setLength(0);
                out.add(new String(Character.toChars(cp)));
            } else {
                run.appendCodePoint(cp);
            }
        });
        out.addAll(whitespace(run.toString()));
        return out;
    }

    /** MLQA's exact match. */
    public static double exactMatch(String prediction, String gold, String language) {
        return exactMatch(prediction, gold, language, Normalization.MLQA);
    }

    /** MLQA's F1. */
    public static double f1(String prediction, String gold, String language) {
        return f1(prediction, gold, language, Normalization.MLQA);
    }

    public static double maxExactMatch(String prediction, List<String> golds, String language) {
        return maxExactMatch(prediction, golds, language, Normalization.MLQA);
    }

    public static double maxF1(String prediction, List<String> golds, String language) {
        return maxF1(prediction, golds, language, Normalization.MLQA);
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
