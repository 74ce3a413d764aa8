package io.multilens.model.llama;

import io.multilens.kit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real model family's tokenizer.json (Qwen3) gives, through multilens, the ids that the family's
 * tokenizer gives in an independent implementation, for several scripts and beyond 512 tokens.
 */
class RealTokenizerTest {

    @Test
    void qwen3IdsMatchTheReferenceTokenizer(@TempDir Path tmp) throws Exception {
        check("qwen3", tmp);
    }

    /** Also used, with a local copy of Llama 3's tokenizer.json, for families not shipped here. */
    void check(String family, Path tmp) throws Exception {
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream("/tokenizers/" + family + "/tokenizer.json.gz"))) {
            Files.copy(in, tmp.resolve("tokenizer.json"));
        }
        JsonNode expected = new ObjectMapper().readTree(getClass().getResourceAsStream("/tokenizers/" + family + "/expected-ids.json"));
        int[] prefix = ints(expected.path("encode_prefix"));
        try (HfTextTokenizer tok = HfTextTokenizer.open(tmp, -1)) {
            int checked = 0;
            for (JsonNode c : expected.path("cases")) {
                String text = c.path("text").asText();
                int[] ids = ints(c.path("ids"));
                assertArrayEquals(ids, tok.encodePlain(text), text);
                int[] withSpecial = java.util.stream.IntStream.concat(java.util.Arrays.stream(prefix), java.util.Arrays.stream(ids)).toArray();
                assertArrayEquals(withSpecial, tok.encode(text), "special tokens as the post-processor says: " + text);
                assertEquals(text, tok.decode(ids), "decoding gives the text back");
                checked++;
            }
            assertEquals(6, checked);
            assertTrue(expected.path("cases").get(5).path("ids").size() > 512, "the long case exceeds 512 tokens");
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
