package io.multilens.layers;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of the listed languages a vocabulary token belongs to, as a bit mask (bit i: language i, at most 63 languages;
 * 0: none — punctuation, digits, spaces, special tokens, bytes no rule claims). Two strategies:
 * <ul>
 * <li>{@code script}: the Unicode script of the token's letters (for an unfinished multi-byte
 * character, the scripts whose letters start with those bytes); every listed language written in
 * that script (for a byte prefix: when every script starting with those bytes is written by the same
 * languages). It tells Latin from Han, Cyrillic, Thai, Arabic…, not English from French.</li>
 * <li>{@code lexicon}: a token that is a whole word of the lexicon belongs to that word's language;
 * a token that starts a word (its text begins with a space) with a piece of at least three letters
 * that starts lexicon words of one language only belongs to that language (sub-word vocabularies
 * rarely hold whole words of any language but the most frequent); otherwise to the one listed
 * language its script identifies, if exactly one; else none.</li>
 * </ul>
 * Masks are computed once per token id, on first use.
 */
final class TokenLanguages {

    enum Strategy {
        SCRIPT, LEXICON;

        static Strategy parse(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final List<String> languages;
    private final TokenText text;
    private final Strategy strategy;
    private final Lexicon lexicon;
    private final Map<String, Set<UnicodeScript>> prefixes;
    private final long[] masks;

    TokenLanguages(List<String> languages, TokenText text, int vocabSize, Strategy strategy, Lexicon lexicon) {
        this(languages, text, vocabSize, strategy, lexicon, null);
    }

    /**
     * @param letters the characters of the analysed text; byte prefixes are resolved among these
     *                (null: among every character Unicode assigns)
     */
    TokenLanguages(List<String> languages, TokenText text, int vocabSize, Strategy strategy, Lexicon lexicon,
                   java.util.BitSet letters) {
        this.languages = List.copyOf(languages);
        this.text = text;
        this.strategy = strategy;
        this.lexicon = lexicon;
        Set<UnicodeScript> wanted = EnumSet.noneOf(UnicodeScript.class);
        languages.forEach(l -> wanted.addAll(Scripts.of(l)));
        this.prefixes = letters == null ? Scripts.utf8Prefixes(wanted) : Scripts.utf8Prefixes(wanted, letters.stream());
        this.masks = new long[vocabSize];
        java.util.Arrays.fill(masks, -1);
    }

    long mask(int token) {
        if (token < 0 || token >= masks.length) {
            return 0;
        }
        if (masks[token] < 0) {
            masks[token] = compute(token);
        }
        return masks[token];
    }

    private long compute(int token) {
        TokenText.Decoded d = text.decode(token);
        if (strategy == Strategy.LEXICON) {
            List<String> words = Lexicon.words(d.text());
            if (words.size() == 1 && lexicon.languageOf(words.get(0)) >= 0) {
                return 1L << lexicon.languageOf(words.get(0));
            }
            boolean startsWord = !d.text().isEmpty() && Character.isWhitespace(d.text().codePointAt(0));
            if (words.size() == 1 && startsWord) {
                long starts = lexicon.languagesStartingWith(words.get(0));
                if (Long.bitCount(starts) == 1) {
                    return starts;
                }
            }
            long byScript = byScript(d);
            return Long.bitCount(byScript) == 1 ? byScript : 0;
        }
        return byScript(d);
    }

    private long byScript(TokenText.Decoded d) {
        UnicodeScript s = Scripts.dominant(d.text());
        if (s != null) {
            return languagesWriting(s);
        }
        if (d.unfinished().length == 0) {
            return 0;
        }
        // the first bytes of a character: claimed only when every script starting so is written by the same languages
        Set<UnicodeScript> scripts = prefixes.getOrDefault(Scripts.hex(d.unfinished(), d.unfinished().length), Set.of());
        long mask = -1;
        for (UnicodeScript candidate : scripts) {
            long m = languagesWriting(candidate);
            if (mask != -1 && m != mask) {
                return 0;
            }
            mask = m;
        }
        return mask == -1 ? 0 : mask;
    }

    private long languagesWriting(UnicodeScript script) {
        long mask = 0;
        for (int i = 0; i < languages.size(); i++) {
            if (Scripts.of(languages.get(i)).contains(script)) {
                mask |= 1L << i;
            }
        }
        return mask;
    }
}
