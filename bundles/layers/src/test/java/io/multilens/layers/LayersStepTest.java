package io.multilens.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.status.StepFailure;
import io.multilens.testkit.TestStepContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step on a model whose every layer decodes to a chosen script: shares, masses, output and refusals. */
class LayersStepTest {

    @TempDir
    Path dir;

    private static int byteToken(String text) {
        return ByteTokenizerJson.FIRST_BYTE + (text.getBytes(StandardCharsets.UTF_8)[0] & 0xff);
    }

    private TestStepContext context(LanguageModel model, Map<String, Object> extra) throws Exception {
        Files.createDirectories(dir.resolve("corpus"));
        Files.write(dir.resolve("corpus/en.txt"), List.of("one cat", "two dogs", "three birds"));
        Files.write(dir.resolve("corpus/zh.txt"), List.of("一只猫", "两只狗", "三只鸟"));
        Files.write(dir.resolve("corpus/ru.txt"), List.of("одна кошка", "две собаки", "три птицы"));
        Map<String, Object> o = new HashMap<>();
        o.put("model", "model");
        o.put("languages", List.of("en", "zh", "ru"));
        o.put("corpus", "corpus/{lang}.txt");
        o.put("batch_size", 2L);
        o.putAll(extra);
        ModelProvider models = (d, device, dtype) -> model;
        Path out = Files.createDirectories(dir.resolve("out"));
        return new TestStepContext(LayersStep.INFO, o, out, dir, models);
    }

    @Test
    void eachLayerDecodesToThePlannedLanguage() throws Exception {
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        // embeddings decode to Latin, block 0 to Han, block 1 to Cyrillic
        int[] plan = {byteToken("a"), byteToken("中"), byteToken("ж")};
        try (ScriptedModel model = new ScriptedModel(modelDir, plan, true)) {
            TestStepContext ctx = context(model, Map.of());
            new LayersStep().run(ctx);
            JsonNode root = new ObjectMapper().readTree(ctx.outputDir().resolve("layers.json").toFile());
            assertEquals("multilens.layers/1", root.path("format").asText());
            String[][] expected = {
                    {"en", "reference", "other", "other"},
                    {"zh", "reference", "own", "other"},
                    {"ru", "reference", "other", "own"}};
            for (String[] row : expected) {
                JsonNode lang = root.path("languages").path(row[0]);
                assertEquals(3, lang.path("documents").asInt());
                assertEquals(3, lang.path("layers").size(), "embeddings + 2 blocks");
                for (int d = 0; d < 3; d++) {
                    JsonNode layer = lang.path("layers").get(d);
                    double sum = 0;
                    for (LensClass c : LensClass.values()) {
                        sum += layer.path("decoded").path(c.key()).asDouble();
                    }
                    assertEquals(1.0, sum, 1e-12, row[0] + " layer " + d + ": shares sum to 1");
                    assertEquals(1.0, layer.path("decoded").path(row[d + 1]).asDouble(), 1e-12, row[0] + " layer " + d);
                    assertEquals(1.0, layer.path("similarity").path("parallel").asDouble(), 1e-6);
                }
                JsonNode first = lang.path("layers").get(0).path("mass");
                assertTrue(first.path("reference").asDouble() > 0.999, row[0] + ": " + first);
            }
            assertTrue(root.path("languages").path("zh").path("layers").get(1).path("mass").path("own").asDouble() > 0.999);
            String csv = Files.readString(ctx.outputDir().resolve("layers.csv"));
            assertTrue(csv.startsWith("language,layer,decoded_reference,decoded_own"), csv);
            assertTrue(csv.contains("zh,1,0.000000,1.000000,0.000000,0.000000,"), csv);
        }
    }

    @Test
    void badInputIsRefusedByName() throws Exception {
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        int[] plan = {byteToken("a"), byteToken("a")};
        try (ScriptedModel model = new ScriptedModel(modelDir, plan, true)) {
            StepFailure missing = assertThrows(StepFailure.class, () -> new LayersStep().run(context(model,
                    Map.of("reference_language", "de"))));
            assertTrue(missing.getMessage().contains("'de' is not one of 'languages'"), missing.getMessage());

            TestStepContext ctx = context(model, Map.of());
            Files.write(dir.resolve("corpus/ru.txt"), List.of("одна кошка", "две собаки"));
            StepFailure uneven = assertThrows(StepFailure.class, () -> new LayersStep().run(ctx));
            assertTrue(uneven.getMessage().contains("ru.txt: 2 documents in the range but 3")
                    && uneven.getMessage().contains("parallel"), uneven.getMessage());
        }
        try (ScriptedModel headless = new ScriptedModel(modelDir, plan, false)) {
            StepFailure noHead = assertThrows(StepFailure.class, () -> new LayersStep().run(context(headless, Map.of())));
            assertTrue(noHead.getMessage().contains("needs a model with an LM head"), noHead.getMessage());
        }
    }

    @Test
    void topKZeroIsRefusedAtValidateTime() {
        var spec = LayersStep.INFO.option("top_k").orElseThrow();
        assertTrue(!spec.inRange(0) && spec.inRange(1));
    }
}
