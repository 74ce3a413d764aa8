package io.multilens.plnd.step;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a byte-level Hugging Face tokenizer.json for the fixture checkpoints (which have none):
 * byte b is token 3 + b, and the post-processor puts BOS (id 1) in front. A BPE model without
 * merges over GPT-2's byte-to-character alphabet keeps every byte a token of its own.
 */
final class ByteTokenizer {

    static final int FIRST_BYTE_ID = 3;
    static final int BOS = 1;

    private ByteTokenizer() {
    }

    static void write(Path modelDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        String[] specials = {"<unk>", "<s>", "</s>"};
        for (int id = 0; id < specials.length; id++) {
            added.addObject().put("id", id).put("content", specials[id]).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", true).put("use_regex", true);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        post.putArray("single").add(special("<s>")).add(sequence("A"));
        post.putArray("pair").add(special("<s>")).add(sequence("A")).add(sequence("B"));
        ObjectNode bos = post.putObject("special_tokens").putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(BOS);
        bos.putArray("tokens").add("<s>");
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", true).put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < specials.length; id++) {
            vocab.put(specials[id], id);
        }
        int[] alphabet = byteAlphabet();
        for (int b = 0; b < 256; b++) {
            vocab.put(new String(Character.toChars(alphabet[b])), FIRST_BYTE_ID + b);
        }
        model.putArray("merges");
        json.writeValue(modelDir.resolve("tokenizer.json").toFile(), root);
    }

    /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the others to 256, 257, ... */
    private static int[] byteAlphabet() {
        List<Integer> printable = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            printable.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable.add(b);
        }
        int[] out = new int[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            out[b] = printable.contains(b) ? b : next++;
        }
        return out;
    }

    private static ObjectNode special(String id) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.putObject("SpecialToken").put("id", id).put("type_id", 0);
        return n;
    }

    private static ObjectNode sequence(String id) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.putObject("Sequence").put("id", id).put("type_id", 0);
        return n;
    }
}
