package io.multilens.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes each token stands for, by hand, for the two vocabulary kinds; and on the embedded model's real tokenizer. */
class TokenBytesTest {

    @TempDir
    Path tmp;

    @Test
    void aSentencePieceVocabularyCountsTheSpaceMarkAndByteFallbackPiecesAsOneByte() throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        Files.writeString(file, """
                {"added_tokens": [{"id": 0, "content": "<s>", "special": true}, {"id": 6, "content": "<tab>", "special": false}],
                 "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "\\u2581"}, "content": " "},
                             {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
                 "model": {"type": "BPE", "byte_fallback": true,
                           "vocab": {"<s>": 0, "\\u2581hello": 1, "<0xE4>": 2, "\\u4f60": 3, "\\u2581": 4, "ab": 5}}}
                """);
        TokenBytes table = TokenBytes.read(file);
        // <s>: special; ▁hello: space + 5; <0xE4>: one byte; 你: 3 UTF-8 bytes; ▁: the space; ab: 2; <tab>: its 5 bytes
        assertArrayEquals(new int[] {0, 6, 1, 3, 1, 2, 5}, table.bytes());
        assertEquals(0 + 6 + 3, table.sum(new int[] {0, 1, 3}), "no prepended mark: the opening ▁ is a real space");
        assertEquals(false, table.prependsMark());
    }

    @Test
    void aSpaceMarkTheTokenizerPrependsIsNotTextWhereItOpensTheText() throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        // Llama-2's fast tokenizer: the normalizer prepends ▁ to every text, then spaces become ▁
        Files.writeString(file, """
                {"added_tokens": [{"id": 0, "content": "<s>", "special": true}],
                 "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
                                {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
                 "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
                             {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
                 "model": {"type": "BPE", "byte_fallback": true, "vocab": {"<s>": 0, "\u2581hello": 1, "\u2581world": 2}}}
                """);
        TokenBytes table = TokenBytes.read(file);
        assertEquals(true, table.prependsMark());
        // "hello world": <s> ▁hello ▁world = 11 bytes of text; the first ▁ was prepended, the second is the space
        assertEquals(11, table.sum(new int[] {0, 1, 2}));
        assertEquals(11 - 5, table.sum(new int[] {0, 1, 2}) - table.sum(new int[] {0, 1}), "what follows ▁hello: ' world'");
    }

    @Test
    void aByteLevelVocabularyIsOneBytePerCharacterOfItsPiece() throws Exception {
        Path file = tmp.resolve("tokenizer.json");
        // GPT-2's map: Ġ is the space byte, Ã¤ the two bytes of ä
        Files.writeString(file, """
                {"added_tokens": [{"id": 3, "content": "<|endoftext|>", "special": true}],
                 "decoder": {"type": "ByteLevel"}, "model": {"type": "BPE", "vocab": {"\\u0120hello": 0, "\\u00c3\\u00a4": 1, "x": 2}}}
                """);
        assertArrayEquals(new int[] {6, 2, 1, 0}, TokenBytes.read(file).bytes());
    }

    @Test
    void theEmbeddedTokenizerCountsEveryByteOnceEvenWhereACutSplitsACharacter() {
        Path model = Path.of(System.getProperty("multilens.repo"), "models", "multilens-tiny-10l");
        try (HfTextTokenizer tok = HfTextTokenizer.open(model, -1)) {
            for (String text : new String[] {"The cat sat on the mat.", "你好，世界。今天天气很好。", "สวัสดีครับ ยินดีที่ได้รู้จัก"}) {
                int[] ids = tok.encodePlain(text);
                assertEquals(text.getBytes(StandardCharsets.UTF_8).length, tok.bytes(ids), text);
                boolean decodingMiscounts = false;
                for (int n = 1; n < ids.length; n++) {
                    int[] prefix = java.util.Arrays.copyOf(ids, n);
                    long decoded = tok.decode(prefix).getBytes(StandardCharsets.UTF_8).length;
                    long own = tok.bytes(prefix);
                    assertTrue(own <= text.getBytes(StandardCharsets.UTF_8).length);
                    decodingMiscounts |= decoded != own;
                }
                if (!text.startsWith("The")) {
                    assertTrue(decodingMiscounts, "some cut of " + text + " splits a character, which decoding miscounts");
                }
            }
        }
    }
}
