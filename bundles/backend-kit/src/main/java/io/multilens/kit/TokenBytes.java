package io.multilens.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How many bytes of text each token id stands for, read from {@code tokenizer.json}'s vocabulary
 * and decoder: a byte-level BPE piece is one byte per character (GPT-2's byte-to-character map);
 * a SentencePiece piece is its UTF-8 bytes with {@code ▁} counted as the one byte of the space it
 * decodes to, and a byte-fallback piece {@code <0xNN>} is one byte; special tokens are none.
 * Bits per byte need this: decoding the predicted tokens again drops a document's first space and
 * turns a character cut by the token limit into a 3-byte U+FFFD. Hand-written because DJL's
 * tokenizer binding exposes no id-to-piece lookup.
 */
final class TokenBytes {

    private static final Pattern BYTE_PIECE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");

    private TokenBytes() {
    }

    /** Bytes per id; ids the file does not name are 0. */
    static int[] read(Path tokenizerJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(tokenizerJson.toFile());
        } catch (IOException e) {
            throw new StepFailure(tokenizerJson + ": cannot read the vocabulary for bits per byte (" + e.getMessage() + ")", e);
        }
        List<String> decoders = new ArrayList<>();
        decoderTypes(root.path("decoder"), decoders);
        boolean byteLevel = decoders.contains("ByteLevel");
        boolean byteFallback = decoders.contains("ByteFallback") || root.path("model").path("byte_fallback").asBoolean(false);
        String continuing = decoders.contains("WordPiece") ? root.path("decoder").path("prefix").asText("##") : null;
        int[] bytes = new int[size(root)];
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isArray()) {   // Unigram: [[piece, score], ...], the id is the position
            for (int id = 0; id < vocab.size(); id++) {
                bytes[id] = pieceBytes(vocab.get(id).get(0).asText(), byteLevel, byteFallback, continuing);
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                bytes[e.getValue().asInt()] = pieceBytes(e.getKey(), byteLevel, byteFallback, continuing);
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt();
            bytes[id] = added.path("special").asBoolean(false) ? 0 : added.path("content").asText().getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    /** The bytes one vocabulary piece decodes to. */
    static int pieceBytes(String piece, boolean byteLevel, boolean byteFallback, String continuing) {
        if (byteLevel) {
            return piece.codePointCount(0, piece.length());   // one character per byte
        }
        if (byteFallback && BYTE_PIECE.matcher(piece).matches()) {
            return 1;
        }
        String text = continuing != null && piece.startsWith(continuing) ? piece.substring(continuing.length()) : piece;
        return text.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8).length;
    }

    private static int size(JsonNode root) {
        int max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isArray()) {
            max = vocab.size() - 1;
        } else {
            for (JsonNode id : vocab) {
                max = Math.max(max, id.asInt());
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asInt());
        }
        return max + 1;
    }

    private static void decoderTypes(JsonNode decoder, List<String> out) {
        if (decoder.isMissingNode() || decoder.isNull()) {
            return;
        }
        out.add(decoder.path("type").asText());
        for (JsonNode d : decoder.path("decoders")) {
            decoderTypes(d, out);
        }
    }

    /** The bytes of {@code ids} together. */
    static long sum(int[] bytesPerId, int[] ids) {
        return Arrays.stream(ids).mapToLong(id -> id >= 0 && id < bytesPerId.length ? bytesPerId[id] : 0).sum();
    }
}
