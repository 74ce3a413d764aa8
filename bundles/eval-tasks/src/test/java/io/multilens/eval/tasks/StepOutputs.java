package io.multilens.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Reads what a task step wrote and checks the parts every task shares. */
public final class StepOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StepOutputs() {
    }

    public static JsonNode metrics(Path out) throws IOException {
        return JSON.readTree(out.resolve("metrics.json").toFile());
    }

    public static List<JsonNode> predictions(Path out, String condition, String lang) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("predictions").resolve(condition).resolve(lang + ".jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    public static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    /**
     * The layout every task writes: results per condition and language with each metric and its
     * standard error, each metric the mean of the items' stored scores; averages over languages;
     * n-samples; the config.
     */
    public static void assertLayout(Path out, List<String> conditions, List<String> languages, List<String> metrics,
                                    int effective) throws IOException {
        JsonNode m = metrics(out);
        assertEquals(conditions, keys(m.get("results")));
        assertEquals(conditions, keys(m.get("averages")));
        for (String c : conditions) {
            assertEquals(languages, keys(m.get("results").get(c)));
            for (String metric : metrics) {
                double sum = 0;
                for (String lang : languages) {
                    JsonNode cell = m.get("results").get(c).get(lang);
                    assertTrue(cell.has(metric + "_stderr"), c + "/" + lang + " lacks " + metric + "_stderr");
                    assertEquals(effective, cell.get("samples").asInt());
                    List<JsonNode> preds = predictions(out, c, lang);
                    assertEquals(effective, preds.size());
                    double mean = preds.stream().mapToDouble(p -> p.get(metric).asDouble()).average().orElseThrow();
                    assertEquals(mean, cell.get(metric).asDouble(), 1e-12, c + "/" + lang + "/" + metric);
                    double sd = Math.sqrt(preds.stream().mapToDouble(p -> Math.pow(p.get(metric).asDouble() - mean, 2)).sum()
                            / (preds.size() - 1));
                    assertEquals(sd / Math.sqrt(preds.size()), cell.get(metric + "_stderr").asDouble(), 1e-12);
                    sum += mean;
                    // the same figures in lm-evaluation-harness's layout, and its sample fields
                    JsonNode lm = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                            out.resolve("lm_eval").resolve(c).resolve("results.json").toFile());
                    String name = m.get("task").asText() + "_" + lang;
                    assertEquals(mean, lm.get("results").get(name).get(metric + ",none").asDouble(), 1e-12);
                    assertEquals(cell.get(metric + "_stderr").asDouble(),
                            lm.get("results").get(name).get(metric + "_stderr,none").asDouble(), 1e-12);
                    assertTrue(lm.get("higher_is_better").get(name).get(metric).asBoolean());
                    assertEquals(effective, lm.get("n-samples").get(name).get("effective").asInt());
                    assertTrue(lm.get("n-shot").has(name) && lm.get("versions").has(name));
                    for (int i = 0; i < preds.size(); i++) {
                        JsonNode p = preds.get(i);
                        assertEquals(i, p.get("doc_id").asInt());
                        assertEquals(p.get("gold"), p.get("target"));
                        assertEquals(p.get("prompt").asText(), p.get("arguments").get(0).get(0).asText());
                        assertEquals(p.get("output"), p.get("resps").get(0).get(0));
                        assertEquals(p.get("answer"), p.get("filtered_resps").get(0));
                    }
                }
                assertEquals(sum / languages.size(), m.get("averages").get(c).get(metric).asDouble(), 1e-12);
            }
        }
        for (String lang : languages) {
            assertEquals(effective, m.get("n-samples").get(lang).get("effective").asInt());
        }
        assertTrue(m.get("config").has("model") && m.get("config").has("template_source"));
    }
}
