package io.multilens.model.llama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small Hugging Face tokenizer.json files: whitespace-split WordLevel vocabularies. */
final class TestTokenizers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTokenizers() {
    }

    /** Token i is the word "t{i}"; no special tokens, so decoding joins the words with spaces. */
    static void writeNumberedWordLevel(Path file, int size) throws IOException {
        ObjectNode vocab = JSON.createObjectNode();
        for (int i = 0; i < size; i++) {
            vocab.put("t" + i, i);
        }
        Files.writeString(file, JSON.writeValueAsString(tokenizer(vocab, "t0", JSON.createArrayNode(), null)));
    }

    /** "&lt;unk&gt;" = 0, "&lt;s&gt;" = 1, then the words; a TemplateProcessing post-processor puts &lt;s&gt; first. */
    static void writeWithBos(Path file, List<String> words) throws IOException {
        ObjectNode vocab = JSON.createObjectNode();
        vocab.put("<unk>", 0);
        vocab.put("<s>", 1);
        for (int i = 0; i < words.size(); i++) {
            vocab.put(words.get(i), i + 2);
        }
        ArrayNode added = JSON.createArrayNode();
        added.add(special(0, "<unk>"));
        added.add(special(1, "<s>"));
        ObjectNode post = JSON.createObjectNode();
        post.put("type", "TemplateProcessing");
        post.set("single", JSON.createArrayNode().add(specialPiece("<s>")).add(sequencePiece("A", 0)));
        post.set("pair", JSON.createArrayNode().add(specialPiece("<s>")).add(sequencePiece("A", 0))
                .add(sequencePiece("B", 1)));
        ObjectNode bos = JSON.createObjectNode();
        bos.put("id", "<s>");
        bos.set("ids", JSON.createArrayNode().add(1));
        bos.set("tokens", JSON.createArrayNode().add("<s>"));
        post.set("special_tokens", JSON.createObjectNode().set("<s>", bos));
        Files.writeString(file, JSON.writeValueAsString(tokenizer(vocab, "<unk>", added, post)));
    }

    private static ObjectNode tokenizer(ObjectNode vocab, String unk, ArrayNode added, ObjectNode post) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", added);
        root.putNull("normalizer");
        root.set("pre_tokenizer", JSON.createObjectNode().put("type", "WhitespaceSplit"));
        root.set("post_processor", post);
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        model.set("vocab", vocab);
        model.put("unk_token", unk);
        return root;
    }

    private static ObjectNode special(int id, String content) {
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
        return t;
    }

    private static ObjectNode specialPiece(String id) {
        ObjectNode inner = JSON.createObjectNode().put("id", id).put("type_id", 0);
        return (ObjectNode) JSON.createObjectNode().set("SpecialToken", inner);
    }

    private static ObjectNode sequencePiece(String id, int typeId) {
        ObjectNode inner = JSON.createObjectNode().put("id", id).put("type_id", typeId);
        return (ObjectNode) JSON.createObjectNode().set("Sequence", inner);
    }
}
