package io.multilens.eval.tasks.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.Step;
import io.multilens.eval.tasks.StepOutputs;
import io.multilens.eval.tasks.TestData;
import io.multilens.eval.tasks.TinyModel;
import io.multilens.eval.tasks.mgsm.MgsmStep;
import io.multilens.eval.tasks.xcsqa.XcsqaStep;
import io.multilens.eval.tasks.xlsum.XlsumStep;
import io.multilens.eval.tasks.xquad.XquadStep;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every evaluator gives the same results with its conditions in one batch (each item once per
 * condition, each row with its own neurons off) as one condition at a time.
 */
class ConditionBatchingTest {

    @TempDir
    Path dir;

    @Test
    void conditionsInOneBatchGiveWhatEachGivesAlone() throws Exception {
        Path modelDir = TinyModel.install(dir.resolve("model"));
        Path neurons = TinyModel.neurons(dir.resolve("neurons.json"), List.of("en", "zh", "th"));
        record Task(Step step, PluginInfo info, Map<String, Object> options) {
        }
        List<Task> tasks = List.of(
                new Task(new MgsmStep(), infoOf(new MgsmStep()), Map.of("languages", List.of("en", "zh"),
                        "data", TestData.resource("mgsm") + "/mgsm_{lang}.tsv", "max_new_tokens", 6L)),
                new Task(new XquadStep(), infoOf(new XquadStep()), Map.of("languages", List.of("en", "th"),
                        "data", TestData.resource("xquad") + "/xquad.{lang}.json", "max_new_tokens", 4L)),
                new Task(new XcsqaStep(), infoOf(new XcsqaStep()), Map.of("languages", List.of("en", "zh"),
                        "data", TestData.resource("xcsqa") + "/{lang}/dev.jsonl")),
                new Task(new XlsumStep(), infoOf(new XlsumStep()), Map.of("languages", List.of("english"),
                        "data", TestData.resource("xlsum") + "/{lang}_test.jsonl", "max_new_tokens", 6L)));
        try (TinyModel models = new TinyModel()) {
            for (Task t : tasks) {
                Map<String, JsonNode> metrics = new HashMap<>();
                for (long perPass : List.of(1L, 0L)) {
                    Map<String, Object> o = new HashMap<>(t.options());
                    o.put("model", "model");
                    o.put("limit", 3L);
                    o.put("batch_size", 2L);
                    o.put("allow_noop_conditions", true);
                    o.put(EvaluationLoop.CONDITIONS_PER_PASS, perPass);
                    Path out = Files.createDirectories(dir.resolve(t.info().name() + "-" + perPass));
                    t.step().run(new TestStepContext(t.info(), o, out, dir, models).input("deactivate", neurons));
                    metrics.put(perPass == 1 ? "alone" : "together", StepOutputs.metrics(out).get("results"));
                }
                JsonNode alone = metrics.get("alone");
                JsonNode together = metrics.get("together");
                assertEquals(4, alone.size(), t.info().name() + ": baseline and three sets: " + alone);
                int values = compare(t.info().name(), alone, together);
                assertTrue(values >= 8, t.info().name() + " compared " + values + " numbers");
                for (String condition : List.of("baseline", "zh")) {
                    for (Object lang : (List<?>) t.options().get("languages")) {
                        List<JsonNode> a = StepOutputs.predictions(dir.resolve(t.info().name() + "-1"), condition, (String) lang);
                        List<JsonNode> b = StepOutputs.predictions(dir.resolve(t.info().name() + "-0"), condition, (String) lang);
                        assertEquals(a.size(), b.size());
                        for (int i = 0; i < a.size(); i++) {
                            assertEquals(a.get(i).get("answer"), b.get(i).get("answer"), t.info().name() + " " + condition);
                        }
                    }
                }
            }
        }
    }

    private static PluginInfo infoOf(Step step) {
        return step.info();
    }

    /** Every number of two results trees equal to 1e-5 relative; how many were compared. */
    private static int compare(String where, JsonNode a, JsonNode b) {
        if (a.isNumber()) {
            double x = a.asDouble();
            double y = b.asDouble();
            assertTrue(Math.abs(x - y) <= 1e-5 * Math.max(1e-12, Math.abs(x)) || x == y, where + ": " + x + " vs " + y);
            return 1;
        }
        int n = 0;
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertTrue(b.has(k), where + ": " + k + " missing");
            n += compare(where + "." + k, a.get(k), b.get(k));
        }
        return n;
    }
}
