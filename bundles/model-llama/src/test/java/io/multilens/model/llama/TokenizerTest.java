package io.multilens.model.llama;

import io.multilens.kit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.TextTokenizer;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model's tokenizer.json: special tokens per the post-processor, no truncation. */
class TokenizerTest {

    @Test
    void encodeAddsBosAndEncodePlainDoesNot(@TempDir Path tmp) throws Exception {
        TestTokenizers.writeWithBos(tmp.resolve("tokenizer.json"), List.of("hello", "world", "again"));
        try (HfTextTokenizer tok = HfTextTokenizer.open(tmp, -1)) {
            assertArrayEquals(new int[] {1, 2, 3}, tok.encode("hello world"));
            assertArrayEquals(new int[] {2, 3}, tok.encodePlain("hello world"));
            assertArrayEquals(new int[] {4, 0}, tok.encodePlain("again nonsense"), "unknown words map to <unk>");
            assertEquals("hello world", tok.decode(new int[] {1, 2, 3}), "decode leaves special tokens out");
        }
    }

    @Test
    void longInputsAreNotTruncated(@TempDir Path tmp) throws Exception {
        TestTokenizers.writeWithBos(tmp.resolve("tokenizer.json"), List.of("hello", "world", "again"));
        String text = "hello world again ".repeat(1000);
        try (HfTextTokenizer tok = HfTextTokenizer.open(tmp, -1)) {
            int[] ids = tok.encode(text);
            assertEquals(3001, ids.length);
            assertEquals(4, ids[3000]);
            assertEquals(3000, tok.encodePlain(text).length);
        }
    }

    @Test
    void modelWithoutTokenizerJsonFailsNamingTheFolder() {
        try (LanguageModel model = Fixtures.load(Fixtures.LLAMA)) {
            StepFailure f = assertThrows(StepFailure.class, model::tokenizer);
            assertTrue(f.getMessage().contains(Fixtures.dir(Fixtures.LLAMA).toString()), f.getMessage());
            assertTrue(f.getMessage().contains("tokenizer.json"), f.getMessage());
        }
    }

    @Test
    void modelUsesTheTokenizerInItsFolder(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.copy(Fixtures.LLAMA, tmp);
        TestTokenizers.writeNumberedWordLevel(dir.resolve("tokenizer.json"), 300);
        try (LanguageModel model = Fixtures.load(dir)) {
            TextTokenizer tok = model.tokenizer();
            assertArrayEquals(new int[] {7, 299, 0}, tok.encode("t7 t299 t0"));
            assertEquals("t7 t299 t0", tok.decode(new int[] {7, 299, 0}));
        }
    }

    @Test
    void corruptTokenizerJsonIsAStepFailure(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": 17");
        StepFailure f = assertThrows(StepFailure.class, () -> HfTextTokenizer.open(tmp, -1));
        assertTrue(f.getMessage().contains("tokenizer.json"), f.getMessage());
    }
}
