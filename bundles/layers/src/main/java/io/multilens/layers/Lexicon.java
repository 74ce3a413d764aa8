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
