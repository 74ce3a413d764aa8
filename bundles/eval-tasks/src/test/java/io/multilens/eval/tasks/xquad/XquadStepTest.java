package io.multilens.eval.tasks.xquad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.eval.tasks.StepOutputs;
import io.multilens.eval.tasks.TestData;
import io.multilens.eval.tasks.TinyModel;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.QaItem;
import io.multilens.eval.tasks.data.XquadLoader;
import io.multilens.eval.tasks.metrics.SquadScore;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XquadStepTest {

    @TempDir
    Path dir;

    @Test
    void eachLanguageWithItsOwnSetOffScoredFromItsOutputs() throws Exception {
        TinyModel.install(dir.resolve("model"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path neurons = TinyModel.neurons(dir.resolve("neurons.json"), List.of("en", "th"));
        Map<String, Object> o = new HashMap<>();
        o.put("model", "model");
        o.put("languages", List.of("en", "th"));
        o.put("data", TestData.resource("xquad") + "/xquad.{lang}.json");
        o.put("limit", 2L);
        o.put("max_new_tokens", 4L);
        o.put("deactivate_mode", "matching");
        try (TinyModel models = new TinyModel()) {
            new XquadStep().run(new TestStepContext(XquadStep.INFO, o, out, dir, models).input("deactivate", neurons));
        }

        StepOutputs.assertLayout(out, List.of("baseline", "own"), List.of("en", "th"), List.of("exact_match", "f1"), 2);
        JsonNode samples = StepOutputs.metrics(out).get("n-samples").get("en");
        assertEquals(5, samples.get("original").asInt());
        // the byte-level prompts (a 1,166-character paragraph) exceed the fixture's 512 positions
        assertEquals(2, samples.get("truncated").asInt());
        Map<String, String[]> labels = Map.of("en", new String[] {"Question: ", "Answer:"}, "th", new String[] {"คำถาม: ", "คำตอบ:"});
        for (String condition : List.of("baseline", "own")) {
            for (String lang : List.of("en", "th")) {
                List<QaItem> items = XquadLoader.read(TestData.resource("xquad/xquad." + lang + ".json"));
                List<JsonNode> predictions = StepOutputs.predictions(out, condition, lang);
                for (int i = 0; i < predictions.size(); i++) {
                    JsonNode p = predictions.get(i);
                    Example item = items.get(i).example();
                    // the full prompt is stored, although the model saw only its end
                    assertEquals(item.field("context") + "\n\n" + labels.get(lang)[0] + item.field("question") + "\n"
                            + labels.get(lang)[1], p.get("prompt").asText());
                    List<String> golds = new ArrayList<>();
                    p.get("gold").forEach(g -> golds.add(g.asText()));
                    String answer = p.get("output").asText().strip();
                    assertEquals(answer, p.get("answer").asText());
                    assertEquals(SquadScore.maxExactMatch(answer, golds, lang), p.get("exact_match").asDouble());
                    assertEquals(SquadScore.maxF1(answer, golds, lang), p.get("f1").asDouble(), 1e-12);
                    assertTrue(p.get("truncated").asBoolean(), "the long prompt is marked as cut");
                }
            }
        }
        assertEquals(List.of("308", "136"), List.of(StepOutputs.predictions(out, "own", "en").get(0).get("gold").get(0).asText(),
                StepOutputs.predictions(out, "own", "en").get(1).get("gold").get(0).asText()));
    }
}
