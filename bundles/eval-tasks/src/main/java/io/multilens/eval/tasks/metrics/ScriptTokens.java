package io.multilens.eval.tasks.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens for overlap metrics in any script: whitespace-separated words, except that every
 * character of a script written without spaces between words (Chinese ideographs, Japanese kana,
 * Thai, Lao, Khmer, Myanmar) is a token of its own. Splitting on whitespace alone would make a
 * whole Chinese or Thai sentence one token, and every partly right answer score zero. MLQA's
 * evaluation does the same for Chinese ("mixed segmentation"): runs of other characters inside
 * such text stay words.
 */
public final class ScriptTokens {

    private ScriptTokens() {
    }

    public static List<String> of(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                flush(word, tokens);
            } else if (unspaced(cp)) {
                flush(word, tokens);
                tokens.add(new String(Character.toChars(cp)));
            } else {
                word.appendCodePoint(cp);
            }
        });
        flush(word, tokens);
        return tokens;
    }

    /** True for a character of a script that does not separate words with spaces. */
    public static boolean unspaced(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR -> true;
            // the prolonged sound mark ー and the iteration marks belong to Common/Inherited but are kana letters
            default -> cp == 0x30FC || cp == 0x3005 || cp == 0x309D || cp == 0x309E || cp == 0x30FD || cp == 0x30FE;
        };
    }

    private static void flush(StringBuilder word, List<String> tokens) {
        if (word.length() > 0) {
            tokens.add(word.toString());
            word.setLength(0);
        }
    }
}
