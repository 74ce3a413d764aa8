package io.multilens.eval.tasks.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XQuAD's {@code xquad.<lang>.json}, SQuAD v1.1's layout:
 * {@code {data: [{title, paragraphs: [{context, qas: [{id, question, answers: [{text, answer_start}]}]}]}]}}.
 * Problems are reported with their JSON path and question id.
 */
public final class XquadLoader {

    private XquadLoader() {
    }

    public static List<QaItem> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(DataFile.text(file, "data"));
        } catch (JsonProcessingException e) {
            throw new StepFailure(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isArray()) {
            throw new StepFailure(file + ": no \"data\" list; XQuAD files use SQuAD v1.1's layout");
        }
        List<QaItem> out = new ArrayList<>();
        for (int a = 0; a < data.size(); a++) {
            JsonNode article = data.get(a);
            String title = article.path("title").asText("");
            JsonNode paragraphs = list(file, article, "paragraphs", "data[" + a + "]");
            for (int p = 0; p < paragraphs.size(); p++) {
                String pPath = "data[" + a + "].paragraphs[" + p + "]";
                String context = text(file, paragraphs.get(p), "context", pPath);
                JsonNode qas = list(file, paragraphs.get(p), "qas", pPath);
                for (int q = 0; q < qas.size(); q++) {
                    out.add(question(file, qas.get(q), title, context, pPath + ".qas[" + q + "]"));
                }
            }
        }
        return out;
    }

    private static QaItem question(Path file, JsonNode qa, String title, String context, String path) {
        String id = text(file, qa, "id", path);
        String where = path + " (id " + id + ")";
        String question = text(file, qa, "question", where);
        JsonNode answers = list(file, qa, "answers", where);
        List<String> golds = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            golds.add(text(file, answers.get(i), "text", where + ".answers[" + i + "]"));
        }
        if (golds.isEmpty()) {
            throw new StepFailure(file + ": " + where + ": no answers; SQuAD v1.1 questions all have one");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", title.replace('_', ' '));
        fields.put("context", context);
        fields.put("question", question);
        fields.put("answer", golds.get(0));
        return new QaItem(new Example(id, fields, file + ": " + where), golds);
    }

    private static JsonNode list(Path file, JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new StepFailure(file + ": " + path + ": \"" + field + "\" is missing or not a list");
        }
        return v;
    }

    private static String text(Path file, JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new StepFailure(file + ": " + path + ": \"" + field + "\" is missing or not text");
        }
        return v.asText();
    }
}
