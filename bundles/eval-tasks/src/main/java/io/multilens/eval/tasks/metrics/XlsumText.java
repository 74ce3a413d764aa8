package io.multilens.eval.tasks.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text normalisation of XL-Sum's multilingual ROUGE (Hasan et al. 2021,
 * csebuetnlp/xl-sum multilingual_rouge_scoring), hand-written because it is specific to that
 * scorer: BERT's cleaning (control and format characters deleted, every space character one space),
 * punctuation removed by Unicode category (symbols outside ASCII kept), and, for languages without
 * a word segmenter, OpenNMT's "aggressive" split with a space around each CJK ideograph.
 */
final class XlsumText {

    private XlsumText() {
    }

    /** Lower-cased, cleaned, punctuation removed; words separated by single spaces. */
    static String clean(String text) {
        String lower = text.toLowerCase(Locale.ROOT).strip();
        StringBuilder cleaned = new StringBuilder(lower.length());
        lower.codePoints().forEach(cp -> {
            if (whitespace(cp)) {
                cleaned.append(' ');
            } else if (cp != 0 && cp != 0xFFFD && !control(cp)) {
                cleaned.appendCodePoint(cp);
            }
        });
        List<String> words = new ArrayList<>();
        for (String piece : cleaned.toString().split("[ \\u2028\\u2029]+")) {
            StringBuilder word = new StringBuilder();
            piece.codePoints().forEach(cp -> {
                if (punctuation(cp)) {
                    flush(word, words);
                } else {
                    word.appendCodePoint(cp);
                }
            });
            flush(word, words);
        }
        return String.join(" ", words);
    }

    /**
     * OpenNMT's aggressive tokenization: a word splits where letters meet digits, every other
     * character is a token of its own, combining marks stay with the character they follow; then
     * each CJK ideograph is a token.
     */
    static List<String> aggressiveSplit(String cleaned) {
        List<String> tokens = new ArrayList<>();
        for (String word : cleaned.split(" ")) {
            StringBuilder current = new StringBuilder();
            int currentClass = NONE;
            for (int i = 0; i < word.length(); ) {
                int cp = word.codePointAt(i);
                i += Character.charCount(cp);
                int c = classOf(cp);
                if (c == MARK && currentClass == IDEOGRAPH) {
                    // OpenNMT keeps the mark on the ideograph (a letter), then the space put around the
                    // ideograph cuts it off: the mark starts a token that takes the letters after it
                    flush(current, tokens);
                    current.appendCodePoint(cp);
                    currentClass = LETTER;
                    continue;
                }
                if (c == MARK && currentClass != NONE) {
                    current.appendCodePoint(cp);
                    continue;
                }
                if (c == MARK) {
                    c = OTHER;
                }
                if (c != currentClass || c == OTHER || c == IDEOGRAPH) {
                    flush(current, tokens);
                }
                current.appendCodePoint(cp);
                currentClass = c;
            }
            flush(current, tokens);
        }
        return tokens;
    }

    private static final int NONE = 0;
    private static final int LETTER = 1;
    private static final int NUMBER = 2;
    private static final int OTHER = 3;
    private static final int MARK = 4;
    private static final int IDEOGRAPH = 5;

    private static int classOf(int cp) {
        if (cjkIdeograph(cp)) {
            return IDEOGRAPH;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> MARK;
            default -> OTHER;
        };
    }

    /** BERT's CJK Unified Ideographs blocks. */
    static boolean cjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private static boolean whitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** Unicode category C* (control, format, surrogate, private use, unassigned). */
    private static boolean control(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /** BERT's punctuation: the ASCII non-alphanumerics, and Unicode category P*. */
    private static boolean punctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }
}
