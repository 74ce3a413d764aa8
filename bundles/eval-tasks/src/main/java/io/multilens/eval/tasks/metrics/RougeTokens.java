package io.multilens.eval.tasks.metrics;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How ROUGE turns a text into tokens: {@link #words} for ROUGE-1/2/L, {@link #sentenceWords} for
 * each line of ROUGE-Lsum (XL-Sum's scorer does not segment those).
 */
public interface RougeTokens {

    List<String> words(String text);

    List<String> sentenceWords(String line);

    /** What a number computed with these tokens is, for metrics.json. */
    String description();

    /**
     * multilens's tokens for every script: lower-cased, punctuation and symbols replaced by spaces
     * (as Google's rouge-score replaces every non-alphanumeric character, here for all scripts,
     * keeping combining vowel signs), then {@link ScriptTokens}, so that each Chinese ideograph, kana
     * and Thai character is a token. No stemming.
     */
    static RougeTokens script() {
        return Script.INSTANCE;
    }

    /** XL-Sum's multilingual ROUGE tokens for a language code ({@link XlsumTokens}). */
    static RougeTokens xlsum(String language) {
        return XlsumTokens.forLanguage(language);
    }

    /** {@code script} or {@code xlsum}, the values of eval.xlsum's {@code rouge_tokens} option. */
    static RougeTokens named(String name, String language) {
        return switch (name) {
            case "script" -> script();
            case "xlsum" -> xlsum(language);
            default -> throw new IllegalArgumentException("unknown rouge_tokens '" + name + "': expected script or xlsum");
        };
    }

    /** The script-aware tokens: one implementation, shared. */
    final class Script implements RougeTokens {

        private static final Script INSTANCE = new Script();
        private static final Pattern PUNCTUATION_OR_SYMBOL = Pattern.compile("[\\p{P}\\p{S}]");

        private Script() {
        }

        @Override
        public List<String> words(String text) {
            return ScriptTokens.of(PUNCTUATION_OR_SYMBOL.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" "));
        }

        @Override
        public List<String> sentenceWords(String line) {
            return words(line);
        }

        @Override
        public String description() {
            return "script: lower-cased, punctuation and symbols removed, one token per character of Chinese,"
                    + " Japanese, Thai, Lao, Khmer and Burmese, no stemming";
        }
    }
}
