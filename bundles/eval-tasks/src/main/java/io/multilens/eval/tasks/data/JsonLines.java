package io.multilens.eval.tasks.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSON Lines files (one object per line, blank lines ignored), each record with its line number. */
public final class JsonLines {

    /** Strict: a second value on the same line is an error, not silently dropped. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A parsed line and where it came from, for messages. */
    public record Line(JsonNode node, Path file, int number) {

        public String where() {
            return file + ":" + number;
        }

        /** A non-empty string field, or a StepFailure naming the file, line and field. */
        public String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new StepFailure(where() + ": no \"" + field + "\" field; every line needs it");
            }
            if (!v.isTextual() && !v.isNumber()) {
                throw new StepFailure(where() + ": \"" + field + "\" must be a string, found " + v.getNodeType());
            }
            return v.asText();
        }

        /** A string field that may be absent (then {@code ""}). */
        public String optionalText(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? "" : text(field);
        }
    }

    private JsonLines() {
    }

    public static List<Line> read(Path file, String option) {
        List<Line> out = new ArrayList<>();
        List<String> lines = DataFile.lines(file, option);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new StepFailure(file + ":" + (i + 1) + ": not valid JSON (" + e.getOriginalMessage()
                        + "); a .jsonl file holds one JSON object per line");
            }
            if (!node.isObject()) {
                throw new StepFailure(file + ":" + (i + 1) + ": expected a JSON object, found " + node.getNodeType());
            }
            out.add(new Line(node, file, i + 1));
        }
        return out;
    }
}
