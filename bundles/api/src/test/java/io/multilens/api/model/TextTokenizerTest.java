package io.multilens.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A document is cut before it is tokenized: a 10 MB line costs nothing when 32 tokens are kept. */
class TextTokenizerTest {

    /** One token per character, counting what it was asked to tokenize. */
    private static final class CharTokenizer implements TextTokenizer {
        final AtomicInteger seen = new AtomicInteger();

        @Override
        public int[] encode(String text) {
            seen.addAndGet(text.length());
            return text.chars().toArray();
        }

        @Override
        public int[] encodePlain(String text) {
            return encode(text);
        }

        @Override
        public String decode(int[] ids) {
            return new String(ids, 0, ids.length);
        }

        @Override
        public long bytes(int[] ids) {
            return decode(ids).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
    }

    @Test
    void aHugeLineIsCutBeforeTokenizingAndKeepsItsFirstTokens() {
        String huge = "abcdefghij".repeat(1_000_000);
        CharTokenizer tok = new CharTokenizer();
        int[] ids = tok.encode(huge, 32);
        assertEquals(32, ids.length);
        assertEquals('a', ids[0]);
        assertEquals('b', ids[31]);
        assertTrue(tok.seen.get() <= 32 * TextTokenizer.MAX_CHARS_PER_TOKEN, "tokenized " + tok.seen.get() + " characters");
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String emoji = "\uD83D\uDE00";
        String text = "x".repeat(TextTokenizer.MAX_CHARS_PER_TOKEN - 1) + emoji + "y".repeat(1000);
        int[] ids = new CharTokenizer().encode(text, 1);
        assertEquals(1, ids.length);
        CharTokenizer tok = new CharTokenizer();
        tok.encode(text, 1);
        assertEquals(TextTokenizer.MAX_CHARS_PER_TOKEN - 1, tok.seen.get(), "the high surrogate is not kept alone");
    }
}
