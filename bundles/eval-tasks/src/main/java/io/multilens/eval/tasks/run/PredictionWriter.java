package io.multilens.eval.tasks.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code predictions/<condition>/<lang>.jsonl}: one JSON object per item with its id, the full
 * prompt, the raw output, the extracted answer, the gold answer and each metric's score.
 */
public final class PredictionWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionWriter() {
    }

    public static Path file(Path outputDir, String condition, String language) {
        return outputDir.resolve("predictions").resolve(safe(condition)).resolve(safe(language) + ".jsonl");
    }

    public static void write(Path file, List<Prediction> predictions) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int index = 0;
            for (Prediction p : predictions) {
                ObjectNode o = JSON.createObjectNode();
                // lm-evaluation-harness's sample fields first, so its tooling reads the file; multilens's after
                o.put("doc_id", index++);
                o.set("target", JSON.valueToTree(p.gold()));
                o.set("arguments", JSON.createArrayNode().add(JSON.createArrayNode().add(p.prompt())));
                o.set("resps", JSON.createArrayNode().add(JSON.createArrayNode().add(JSON.valueToTree(p.output()))));
                o.set("filtered_resps", JSON.createArrayNode().add(JSON.valueToTree(p.answer())));
                o.put("id", p.id());
                o.put("prompt", p.prompt());
                o.set("output", JSON.valueToTree(p.output()));
                o.set("answer", JSON.valueToTree(p.answer()));
                o.set("gold", JSON.valueToTree(p.gold()));
                p.scores().forEach(o::put);
                if (p.truncated()) {
                    o.put("truncated", true);
                }
                out.write(JSON.writeValueAsString(o));
                out.write('\n');
            }
        }
    }

    /** Condition names come from neuron files; keep them to one path segment. */
    static String safe(String name) {
        return name.replaceAll("[^\\p{L}\\p{N}._+-]", "_");
    }
}
