package io.multilens.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How many bytes of text each token id stands for, read from {@code tokenizer.json}'s vocabulary
 * and decoder: a byte-level BPE piece is one byte per character (GPT-2's byte-to-character map);
 * a SentencePiece piece is its UTF-8 bytes with {@code ▁} counted as the one byte of the space it
 * decodes to, and a byte-fallback piece {@code <0xNN>} is one byte; special tokens are none.
 * A space mark the tokenizer prepends to every text (SentencePiece's dummy prefix: a normalizer
 * {@code Prepend("▁")} or a {@code Metaspace} pre-tokenizer that prepends) is not in the text, so
 * it is not counted where it opens a text.
 * Bits per byte need this: decoding the predicted tokens again drops a document's first space and
 * turns a character cut by the token limit into a 3-byte U+FFFD. Hand-written because DJL's
 * tokenizer binding exposes no id-to-piece lookup.
 *
 * @param bytes        bytes per id; ids the file does not name are 0
 * @param marked       the ids whose piece starts with the space mark
 * @param prependsMark whether the tokenizer prepends a space mark to every text
 */
record TokenBytes(int[] bytes, java.util.BitSet marked, boolean prependsMark) {

    private static final Pattern BYTE_PIECE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");
    private static final String MARK = "\u2581";

    /** The bytes of the text {@code ids} stand for when they open a text. */
    long sum(int[] ids) {
        long total = 0;
        int first = -1;
        for (int id : ids) {
            int b = id >= 0 && id < bytes.length ? bytes[id] : 0;
            if (first < 0 && b > 0) {
                first = id;
            }
            total += b;
        }
        return prependsMark && first >= 0 && marked.get(first) ? total - 1 : total;
    }

    static TokenBytes read(Path tokenizerJson) {
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
        java.util.BitSet marked = new java.util.BitSet();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isArray()) {   // Unigram: [[piece, score], ...], the id is the position
            for (int id = 0; id < vocab.size(); id++) {
                String piece = vocab.get(id).get(0).asText();
                bytes[id] = pieceBytes(piece, byteLevel, byteFallback, continuing);
                marked.set(id, !byteLevel && piece.startsWith(MARK));
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                bytes[e.getValue().asInt()] = pieceBytes(e.getKey(), byteLevel, byteFallback, continuing);
                marked.set(e.getValue().asInt(), !byteLevel && e.getKey().startsWith(MARK));
            }
        }
        for (JsonNode added : root.path("added_tokens")) {
            int id = added.path("id").asInt();
            bytes[id] = added.path("special").asBoolean(false) ? 0 : added.path("content").asText().getBytes(StandardCharsets.UTF_8).length;
            marked.clear(id);
        }
        return new TokenBytes(bytes, marked, !byteLevel && prependsMark(root));
    }

    /** A normalizer Prepend("▁"), or a Metaspace pre-tokenizer that prepends (prepend_scheme first/always, or add_prefix_space). */
    private static boolean prependsMark(JsonNode root) {
        List<JsonNode> steps = new ArrayList<>();
        flatten(root.path("normalizer"), steps);
        flatten(root.path("pre_tokenizer"), steps);
        for (JsonNode n : steps) {
            String type = n.path("type").asText();
            if (type.equals("Prepend") && n.path("prepend").asText().equals(MARK)) {
                return true;
            }
            if (type.equals("Metaspace")) {
                String scheme = n.path("prepend_scheme").asText("");
                if (scheme.equals("always") || scheme.equals("first")
                        || (scheme.isEmpty() && n.path("add_prefix_space").asBoolean(true))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        out.add(node);
        for (String key : List.of("normalizers", "pretokenizers")) {
            node.path(key).forEach(n -> flatten(n, out));
        }
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

}
