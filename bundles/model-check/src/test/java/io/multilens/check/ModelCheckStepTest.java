package io.multilens.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.status.StepFailure;
import io.multilens.model.gemma.GemmaBackend;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** model.check passes on sound checkpoints of three families and in 16 bits, and fails by name. */
class ModelCheckStepTest {

    private static final Path FIXTURES = Path.of(System.getProperty("multilens.repo"), "testdata", "fixtures");
    private static final List<LanguageModel> LOADED = new ArrayList<>();

    private static final ModelProvider MODELS = new ModelProvider() {
        @Override
        public LanguageModel get(Path dir, String device, ModelDtype dtype) {
            ModelBackend backend = Stream.<ModelBackend>of(new LlamaBackend(), new GemmaBackend())
                    .filter(b -> b.architectures().contains(ModelConfig.architecture(dir))).findFirst().orElseThrow();
            LanguageModel model = backend.load(dir, LoadOptions.of(device, dtype));
            LOADED.add(model);
            return model;
        }
    };

    @TempDir
    Path out;

    @AfterAll
    static void close() {
        LOADED.forEach(LanguageModel::close);
    }

    private TestStepContext context(String fixture, Map<String, Object> extra) {
        Map<String, Object> options = new HashMap<>(Map.of("model", FIXTURES.resolve(fixture).toString()));
        options.putAll(extra);
        return new TestStepContext(ModelCheckStep.INFO, options, out, out, MODELS);
    }

    @ParameterizedTest
    @CsvSource({"tiny-llama, float32", "tiny-qwen3, float32", "tiny-gemma2, float32", "tiny-gemma2, bfloat16"})
    void everyCheckPassesOnASoundCheckpoint(String fixture, String dtype) throws Exception {
        new ModelCheckStep().run(context(fixture, Map.of("dtype", dtype)));
        JsonNode checks = new ObjectMapper().readTree(out.resolve("checks.json").toFile());
        assertEquals("multilens.checks/1", checks.get("format").asText());
        assertEquals(dtype, checks.get("dtype").asText());
        assertEquals(5, checks.get("checks").size());
        for (JsonNode c : checks.get("checks")) {
            assertTrue(c.get("passed").isNull() || c.get("passed").asBoolean(), c.toString());
        }
        // a neuron of the middle layer changes the stream right after its own block, not before
        JsonNode q = checks.get("checks").get(2);
        int layers = ModelConfig.json(FIXTURES.resolve(fixture)).get("num_hidden_layers").asInt();
        assertEquals(layers / 2 + 1, q.get("value").asInt(), q.toString());
    }

    @Test
    void aFailedCheckFailsTheStepByName() {
        StepFailure f = assertThrows(StepFailure.class,
                () -> new ModelCheckStep().run(context("tiny-llama", Map.of("tolerance", -1.0))));
        assertTrue(f.getMessage().contains("1 of 5 checks failed: [padded batch]"), f.getMessage());
        assertTrue(out.resolve("checks.json").toFile().isFile(), "the figures are kept for the failure too");
    }
}
