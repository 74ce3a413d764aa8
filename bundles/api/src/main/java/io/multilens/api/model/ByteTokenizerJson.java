package io.multilens.api.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A byte-level tokenizer as a standard Hugging Face {@code tokenizer.json}: a byte-level BPE with
 * no merges, so every UTF-8 byte is one token and every script is covered without training a
 * vocabulary. Ids: 0 = {@code <s>} (BOS, added by the post-processor), 1 = {@code </s>}, 2 + b
 * = byte b. The embedded model uses it; tests use it to give the fixture checkpoints a tokenizer.
 */
public final class ByteTokenizerJson {

    public static final int BOS = 0;
    public static final int EOS = 1;
    public static final int FIRST_BYTE = 2;
    public static final int VOCAB_SIZE = FIRST_BYTE + 256;

    private ByteTokenizerJson() {
    }

    /** GPT-2's printable stand-in character for each byte, as the ByteLevel pre-tokenizer maps them. */
    public static char byteChar(int b) {
        if (printable(b)) {
            return (char) b;
        }
        int shift = 0;                     // unprintable bytes take 256, 257, ... in byte order
        for (int c = 0; c < b; c++) {
            shift += printable(c) ? 0 : 1;
        }
        return (char) (256 + shift);
    }

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    public static void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        special(added, BOS, "<s>");
        special(added, EOS, "</s>");
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", true);
        pre.put("use_regex", false);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(BOS);
        bos.putArray("tokens").add("<s>");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", false);
        decoder.put("trim_offsets", true);
        decoder.put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        vocab.put("<s>", BOS);
        vocab.put("</s>", EOS);
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(byteChar(b)), FIRST_BYTE + b);
        }
        model.putArray("merges");
        Files.writeString(file, json.writeValueAsString(root));
    }

    private static void special(ArrayNode added, int id, String content) {
        ObjectNode t = added.addObject();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
    }
}
