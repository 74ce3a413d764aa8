package io.multilens.eval.tasks.xlsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.eval.tasks.StepOutputs;
import io.multilens.eval.tasks.TestData;
import io.multilens.eval.tasks.TinyModel;
import io.multilens.eval.tasks.data.Example;
import io.multilens.eval.tasks.data.XlsumLoader;
import io.multilens.eval.tasks.metrics.Rouge;
import io.multilens.eval.tasks.metrics.RougeTokens;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsumStepTest {

    @TempDir
    Path dir;

    @Test
    void oneShotSummariesScoredByRougeFromTheirOutputs() throws Exception {
        summarise(null);
    }

    /** The same run scored with XL-Sum's tokens: every number recomputes from the output with them, and metrics.json says which. */
    @Test
    void xlsumTokensAreAnOptionAndNamedInTheResults() throws Exception {
        summarise("xlsum");
        JsonNode config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("out/metrics.json").toFile())
                .get("config");
        assertEquals("xlsum", config.get("rouge_tokens").asText());
        assertTrue(config.get("rouge_tokens_by_language").get("english").asText().contains("snowball-english"), config.toString());
        assertTrue(config.get("rouge_tokens_by_language").get("chinese_simplified").asText().contains("ICU"), config.toString());
    }

    private void summarise(String rougeTokens) throws Exception {
        RougeTokens english = rougeTokens == null ? RougeTokens.script() : RougeTokens.named(rougeTokens, "english");
        RougeTokens chinese = rougeTokens == null ? RougeTokens.script() : RougeTokens.named(rougeTokens, "chinese_simplified");
        TinyModel.install(dir.resolve("model"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Path neurons = TinyModel.neurons(dir.resolve("neurons.json"), List.of("english", "chinese_simplified"));
        List<String> languages = List.of("english", "chinese_simplified");
        Map<String, Object> o = new HashMap<>();
        o.put("model", "model");
        o.put("languages", languages);
        o.put("data", TestData.resource("xlsum") + "/{lang}_test.jsonl");
        o.put("limit", 2L);
        o.put("num_fewshot", 1L);
        o.put("max_new_tokens", 6L);
        o.put("deactivate_mode", "union");
        o.put("include_baseline", false);
        if (rougeTokens != null) {
            o.put("rouge_tokens", rougeTokens);
        }
        try (TinyModel models = new TinyModel()) {
            new XlsumStep().run(new TestStepContext(XlsumStep.INFO, o, out, dir, models).input("deactivate", neurons));
        }

        StepOutputs.assertLayout(out, List.of("union"), languages, List.of("rouge1", "rouge2", "rougeL"), 2);
        for (String lang : languages) {
            List<Example> articles = XlsumLoader.read(TestData.resource("xlsum/" + lang + "_test.jsonl"));
            List<JsonNode> predictions = StepOutputs.predictions(out, "union", lang);
            for (int i = 0; i < predictions.size(); i++) {
                JsonNode p = predictions.get(i);
                Example own = articles.get(i);
                String prompt = p.get("prompt").asText();
                // one exemplar with its reference summary, then the article; never the article's own summary
                assertTrue(prompt.endsWith(own.field("text") + (lang.equals("english") ? "\n\nSummary:" : "\n\n摘要：")), prompt);
                assertTrue(articles.stream().filter(a -> a != own).anyMatch(a -> prompt.contains(a.field("summary"))), prompt);
                assertFalse(prompt.contains(own.field("summary")), prompt);
                assertEquals(own.field("summary"), p.get("gold").asText());
                Rouge.Scores r = Rouge.score(p.get("output").asText().strip(), own.field("summary"),
                        lang.equals("english") ? english : chinese);
                assertEquals(r.rouge1(), p.get("rouge1").asDouble(), 1e-12);
                assertEquals(r.rouge2(), p.get("rouge2").asDouble(), 1e-12);
                assertEquals(r.rougeL(), p.get("rougeL").asDouble(), 1e-12);
                assertEquals(r.rougeLsum(), p.get("rougeLsum").asDouble(), 1e-12);
            }
        }
    }
}
