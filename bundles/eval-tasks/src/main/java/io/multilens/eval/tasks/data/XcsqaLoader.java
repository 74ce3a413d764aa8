package io.multilens.eval.tasks.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * X-CSQA's {@code <lang>/dev.jsonl} (X-CSR): one question per line,
 * {@code {"id", "lang", "question": {"stem", "choices": [{"label", "text"}, …]}, "answerKey"}}.
 * The test split has no {@code answerKey} and cannot be scored.
 */
public final class XcsqaLoader {

    private XcsqaLoader() {
    }

    public static List<ChoiceQuestion> read(Path file) {
        List<ChoiceQuestion> out = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.read(file, "data")) {
            out.add(question(line));
        }
        return out;
    }

    private static ChoiceQuestion question(JsonLines.Line line) {
        String where = line.where();
        String id = line.text("id");
        JsonNode q = line.node().get("question");
        if (q == null || !q.isObject()) {
            throw new StepFailure(where + ": \"question\" must be an object with \"stem\" and \"choices\"");
        }
        JsonNode stem = q.get("stem");
        if (stem == null || !stem.isTextual()) {
            throw new StepFailure(where + ": question.stem is missing or not text");
        }
        JsonNode choices = q.get("choices");
        if (choices == null || !choices.isArray() || choices.size() < 2) {
            throw new StepFailure(where + ": question.choices must list at least two {\"label\", \"text\"} options");
        }
        List<Example> options = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        StringBuilder listed = new StringBuilder();
        for (int i = 0; i < choices.size(); i++) {
            JsonNode c = choices.get(i);
            String path = "question.choices[" + i + "]";
            if (!c.path("label").isTextual() || !c.path("text").isTextual()) {
                throw new StepFailure(where + ": " + path + " needs \"label\" and \"text\" strings");
            }
            String label = c.get("label").asText();
            if (!labels.add(label)) {
                throw new StepFailure(where + ": " + path + ": label '" + label + "' appears twice");
            }
            Map<String, String> option = new LinkedHashMap<>();
            option.put("label", label);
            option.put("text", c.get("text").asText());
            options.add(new Example(label, option, where + " " + path));
            listed.append(listed.length() == 0 ? "" : "\n").append(label).append(". ").append(c.get("text").asText());
        }
        JsonNode key = line.node().get("answerKey");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            throw new StepFailure(where + ": no \"answerKey\"; only a split with answers (dev.jsonl) can be scored");
        }
        int answer = -1;
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).id().equals(key.asText())) {
                answer = i;
            }
        }
        if (answer < 0) {
            throw new StepFailure(where + ": answerKey '" + key.asText() + "' is none of the labels " + labels);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("question", stem.asText());
        fields.put("choices", listed.toString());
        fields.put("answer", options.get(answer).field("text"));
        fields.put("answer_label", key.asText());
        return new ChoiceQuestion(new Example(id, fields, where), options, answer);
    }
}
