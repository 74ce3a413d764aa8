package io.multilens.layers;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words and the language each belongs to: the language in whose corpus the word is relatively most
 * frequent, among words seen at least {@code minCount} times there. Built from text the analysis
 * does not decode (the corpora's lines before {@code skip_documents}), or from word lists.
 */
final class Lexicon {

    private final Map<String, Integer> language = new HashMap<>();

    private Lexicon() {
    }

    /** {@code textByLanguage.get(i)}: the i-th listed language's lines. */
    static Lexicon fromCorpora(List<List<String>> textByLanguage, int minCount) {
        List<Map<String, Integer>> counts = new java.util.ArrayList<>();
        long[] totals = new long[textByLanguage.size()];
        for (int l = 0; l < textByLanguage.size(); l++) {
            Map<String, Integer> c = new HashMap<>();
            for (String line : textByLanguage.get(l)) {
                for (String w : words(line)) {
                    c.merge(w, 1, Integer::sum);
                    totals[l]++;
                }
            }
            counts.add(c);
        }
        Lexicon lex = new Lexicon();
        Map<String, Double> best = new HashMap<>();
        for (int l = 0; l < counts.size(); l++) {
            for (Map.Entry<String, Integer> e : counts.get(l).entrySet()) {
                if (e.getValue() < minCount) {
                    continue;
                }
                double share = e.getValue() / (double) totals[l];
                if (share > best.getOrDefault(e.getKey(), 0.0)) {
                    best.put(e.getKey(), share);
                    lex.language.put(e.getKey(), l);
                }
            }
        }
        return lex;
    }

    /** One word list per language (one word per line); a word in several lists goes to the first. */
    static Lexicon fromLists(List<List<String>> wordsByLanguage) {
        Lexicon lex = new Lexicon();
        for (int l = 0; l < wordsByLanguage.size(); l++) {
            for (String w : wordsByLanguage.get(l)) {
                String key = w.strip().toLowerCase(Locale.ROOT);
                if (!key.isEmpty()) {
                    lex.language.putIfAbsent(key, l);
                }
            }
        }
        return lex;
    }

    /** The language index of a word, or -1. */
    int languageOf(String word) {
        return language.getOrDefault(word.toLowerCase(Locale.ROOT), -1);
    }

    /** Pieces shorter than this credit no language: "th" or "de" start words of every language. */
    static final int MIN_PREFIX = 3;

    /** prefix -> bit mask of the languages with a word starting with it; built on first use. */
    private Map<String, Long> prefixes;

    /**
     * The languages whose lexicon words start with {@code piece} (at least {@link #MIN_PREFIX}
     * letters), as a bit mask; 0 when none does. Real vocabularies split most words into pieces,
     * and a piece that starts a word is as much a sign of its language as the whole word.
     */
    long languagesStartingWith(String piece) {
        String p = piece.toLowerCase(Locale.ROOT);
        if (p.codePointCount(0, p.length()) < MIN_PREFIX) {
            return 0;
        }
        if (prefixes == null) {
            Map<String, Long> built = new HashMap<>();
            language.forEach((word, l) -> {
                int end = word.offsetByCodePoints(0, Math.min(MIN_PREFIX, word.codePointCount(0, word.length())));
                for (int i = end; i <= word.length(); i = i < word.length() ? word.offsetByCodePoints(i, 1) : i + 1) {
                    built.merge(word.substring(0, i), 1L << l, (a, b) -> a | b);
                }
            });
            prefixes = built;
        }
        return prefixes.getOrDefault(p, 0L);
    }

    int size() {
        return language.size();
    }

    /** Maximal runs of letters (and combining marks), lower-cased. */
    static List<String> words(String text) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isLetter(cp) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) {
                w.appendCodePoint(cp);
            } else if (w.length() > 0) {
                out.add(w.toString().toLowerCase(Locale.ROOT));
                w.setLength(0);
            }
        }
        if (w.length() > 0) {
            out.add(w.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
