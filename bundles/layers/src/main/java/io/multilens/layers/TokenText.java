package io.multilens.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes each token of a vocabulary stands for, read from the checkpoint's tokenizer.json:
 * GPT-2-style byte-level vocabularies map every byte to a printable stand-in character (undone
 * here), SentencePiece vocabularies write byte-fallback tokens as {@code <0xNN>} and spaces as
 * U+2581, everything else is its own UTF-8. Decoding a single token through the tokenizer would
 * turn an unfinished multi-byte character into U+FFFD and lose which script it starts, hence the
 * bytes. Hand-written because DJL's tokenizer API exposes no vocabulary.
 */
final class TokenText {

    private static final Pattern BYTE_FALLBACK = Pattern.compile("<0x([0-9A-Fa-f]{2})>");

    private final byte[][] bytes;

    private TokenText(byte[][] bytes) {
        this.bytes = bytes;
    }

    static TokenText read(Path tokenizerJson, int vocabSize) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new StepFailure(tokenizerJson + ": cannot read (" + e.getMessage() + "); the layer analysis needs the"
                    + " checkpoint's tokenizer.json");
        }
        boolean byteLevel = mentionsByteLevel(root.path("decoder")) || mentionsByteLevel(root.path("pre_tokenizer"));
        int[] fromChar = new int[0x200];
        java.util.Arrays.fill(fromChar, -1);
        for (int b = 0; b < 256; b++) {
            fromChar[ByteTokenizerJson.byteChar(b)] = b;
        }
        byte[][] out = new byte[vocabSize][];
        JsonNode vocabNode = root.path("model").path("vocab");
        if (vocabNode.isArray()) {
            // Unigram: [[piece, score], ...], the id is the position
            for (int id = 0; id < vocabNode.size() && id < vocabSize; id++) {
                out[id] = bytesOf(vocabNode.get(id).path(0).asText(""), byteLevel, fromChar);
            }
        } else {
            Iterator<Map.Entry<String, JsonNode>> vocab = vocabNode.fields();
            while (vocab.hasNext()) {
                Map.Entry<String, JsonNode> e = vocab.next();
                int id = e.getValue().asInt(-1);
                if (id >= 0 && id < vocabSize) {
                    out[id] = bytesOf(e.getKey(), byteLevel, fromChar);
                }
            }
        }
        long known = java.util.Arrays.stream(out).filter(java.util.Objects::nonNull).count();
        if (known < vocabSize / 2) {
            throw new StepFailure(tokenizerJson + ": only " + known + " of " + vocabSize + " token ids have a vocabulary entry"
                    + " this reader understands (model.vocab as a map or a Unigram list); the layer analysis cannot"
                    + " classify the tokens");
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt(-1);
            if (id >= 0 && id < vocabSize && added.path("special").asBoolean(false)) {
                out[id] = new byte[0]; // special tokens carry no text
            }
        }
        return new TokenText(out);
    }

    /** A ByteLevel step at the top or inside a Sequence. */
    private static boolean mentionsByteLevel(JsonNode step) {
        if (step.path("type").asText("").equals("ByteLevel")) {
            return true;
        }
        for (String list : new String[] {"pretokenizers", "decoders"}) {
            for (JsonNode child : step.path(list)) {
                if (mentionsByteLevel(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] bytesOf(String token, boolean byteLevel, int[] fromChar) {
        Matcher m = BYTE_FALLBACK.matcher(token);
        if (m.matches()) {
            return new byte[] {(byte) Integer.parseInt(m.group(1), 16)};
        }
        if (byteLevel) {
            byte[] b = new byte[token.length()];
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c >= fromChar.length || fromChar[c] < 0) {
                    return token.getBytes(StandardCharsets.UTF_8); // not a byte-level stand-in: the text itself
                }
                b[i] = (byte) fromChar[c];
            }
            return b;
        }
        return token.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** The token's bytes; empty for special tokens and ids the vocabulary does not list. */
    byte[] bytes(int id) {
        return id >= 0 && id < bytes.length && bytes[id] != null ? bytes[id] : new byte[0];
    }

    /**
     * The token split into its complete UTF-8 text and the bytes of an unfinished last character
     * (empty when it ends cleanly); a token that is not UTF-8 at all has no text and no prefix.
     */
    record Decoded(String text, byte[] unfinished) {
    }

    Decoded decode(int id) {
        byte[] whole = bytes(id);
        // a byte-level token may begin with the last bytes of a character the previous token started: skip them
        int start = 0;
        while (start < whole.length && start < 3 && (whole[start] & 0xc0) == 0x80) {
            start++;
        }
        byte[] b = java.util.Arrays.copyOfRange(whole, start, whole.length);
        int cut = b.length;
        // an unfinished character is a lead byte followed by fewer continuation bytes than it announces
        for (int back = 1; back <= Math.min(3, b.length); back++) {
            int lead = b[b.length - back] & 0xff;
            if ((lead & 0xc0) == 0x80) {
                continue;
            }
            int need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
            if (need > back) {
                cut = b.length - back;
            }
            break;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, 0, cut)).toString();
            return new Decoded(text, java.util.Arrays.copyOfRange(b, cut, b.length));
        } catch (CharacterCodingException e) {
            return new Decoded("", new byte[0]);
        }
    }

    static TokenText of(Path modelDir, int vocabSize) {
        Path file = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new StepFailure(modelDir + ": no tokenizer.json; the layer analysis decodes tokens with the model's own vocabulary");
        }
        return read(file, vocabSize);
    }
}
