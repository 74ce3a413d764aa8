package io.multilens.eval.tasks.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Exact match and token F1 as MLQA's {@code mlqa_evaluation_v1.py} computes them, per language.
 *
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

    public static double exactMatch(String prediction, String gold, String language) {
        return tokens(prediction, language).equals(tokens(gold, language)) ? 1 : 0;
    }

    public static double f1(String prediction, String gold, String language) {
        List<String> p = tokens(prediction, language);
        List<String> g = tokens(gold, language);
        if (p.isEmpty() && g.isEmpty()) {
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

    public static double maxExactMatch(String prediction, List<String> golds, String language) {
        return golds.stream().mapToDouble(g -> exactMatch(prediction, g, language)).max().orElse(0);
    }

    public static double maxF1(String prediction, List<String> golds, String language) {
        return golds.stream().mapToDouble(g -> f1(prediction, g, language)).max().orElse(0);
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
