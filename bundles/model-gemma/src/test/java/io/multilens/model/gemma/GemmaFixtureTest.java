package io.multilens.model.gemma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gemma-2 and Gemma-3 against float64 references: testdata/fixtures/tiny-gemma2 (the project's,
 * written from transformers' modeling_gemma2) and tiny-gemma3 (written for multilens from
 * transformers' modeling_gemma3 semantics in numpy, its reference.py beside it, independently of
 * this code): logits alone and in a padded batch, the trace's transforms reproducing the model's
 * own scores, masks equal to weight edits for every structure, cached generation equal to
 * recomputation, 16-bit storage, refusals.
 */
class GemmaFixtureTest {

    private static final Path FIXTURES = Path.of(System.getProperty("multilens.repo"), "testdata", "fixtures");
    private static final Path DIR = FIXTURES.resolve("tiny-gemma2");
    private static final Map<String, Fixture> LOADED = new java.util.TreeMap<>();
    private JsonNode expected;
    private LanguageModel model;
    private int[][] docs;

    /** A fixture's reference values and its model, loaded once for the class. */
    private record Fixture(JsonNode expected, int[][] docs, LanguageModel model) {
    }

    private void use(String name) throws IOException {
        Fixture f = LOADED.get(name);
        if (f == null) {
            JsonNode e = new ObjectMapper().readTree(FIXTURES.resolve(name).resolve("expected.json").toFile());
            int[][] d = new int[e.get("documents").size()][];
            for (int i = 0; i < d.length; i++) {
                JsonNode doc = e.get("documents").get(i);
                d[i] = new int[doc.size()];
                for (int t = 0; t < d[i].length; t++) {
                    d[i][t] = doc.get(t).asInt();
                }
            }
            f = new Fixture(e, d, new GemmaBackend().load(FIXTURES.resolve(name), LoadOptions.of("cpu")));
            LOADED.put(name, f);
        }
        expected = f.expected();
        docs = f.docs();
        model = f.model();
    }

    @AfterAll
    static void close() {
        LOADED.values().forEach(f -> f.model().close());
    }

    /** Rows under conditions from different layers, in one call (sharing the blocks below them), equal each row alone. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gemma2", "tiny-gemma3"})
    void rowsSharingTheirPrefixEqualEachRowAlone(String fixture) throws IOException {
        use(fixture);
        io.multilens.testkit.SharedPrefixCheck.assertRowsEqualAlone(model, docs);
        io.multilens.testkit.MixedChangesCheck.assertRowsEqualAlone(model, docs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gemma2", "tiny-gemma3"})
    void logitsMatchTheReferenceAloneAndInAPaddedBatch(String fixture) throws IOException {
        use(fixture);
        try (NDManager scope = NDManager.newBaseManager()) {
            int v = model.config().vocabSize();
            int t = Math.max(docs[0].length, docs[1].length);
            float[] batched = model.logits(scope, docs, Intervention.NONE).toFloatArray();
            for (int d = 0; d < docs.length; d++) {
                float[] alone = model.logits(scope, new int[][] {docs[d]}, Intervention.NONE).toFloatArray();
                double err = relativeError(alone, reference(d));
                System.out.printf("%s document %d: max relative logits error %.3g%n", fixture, d, err);
                assertTrue(err <= 1e-4, "document " + d + ": relative error " + err);
                float[] real = Arrays.copyOfRange(batched, d * t * v, d * t * v + docs[d].length * v);
                assertTrue(relativeError(real, reference(d)) <= 1e-4, "batched document " + d);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"tiny-gemma2, FLOAT16", "tiny-gemma2, BFLOAT16", "tiny-gemma3, FLOAT16", "tiny-gemma3, BFLOAT16"})
    void sixteenBitWeightsStayCloseToTheReference(String fixture, ModelDtype dtype) throws IOException {
        use(fixture);
        try (LanguageModel half = new GemmaBackend().load(FIXTURES.resolve(fixture), LoadOptions.of("cpu", dtype));
             NDManager scope = NDManager.newBaseManager()) {
            assertEquals(dtype, half.dtype());
            assertTrue(half.memoryBytes() < model.memoryBytes() * 0.6, "16-bit weights take about half the bytes");
            float[] logits = half.logits(scope, new int[][] {docs[1]}, Intervention.NONE).toFloatArray();
            double err = relativeError(logits, reference(1));
            System.out.printf("%s %s: max relative logits error %.3g%n", fixture, dtype.label(), err);
            assertTrue(err <= (dtype == ModelDtype.FLOAT16 ? 2e-3 : 2e-2), dtype + ": relative error " + err);
        }
    }

    /** The trace's transforms and score transform give back the model's own probabilities. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gemma2", "tiny-gemma3"})
    void theTraceRecomputesTheModelsProbabilities(String fixture) throws IOException {
        use(fixture);
        int[] layers = {0};
        try (NDManager scope = NDManager.newBaseManager()) {
            model.trace(scope, docs, Intervention.NONE, new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace t) {
                    NDArray q = t.queryTransform().apply(t.q());                     // [B,nh,T,hd]
                    NDArray k = t.keyTransform().apply(t.k()).repeat(1, 2);          // [B,nh,T,hd]
                    assertArrayEquals(t.qPos().toFloatArray(), q.toFloatArray(), 1e-6f);
                    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(t.scale()); // [B,nh,T,T]
                    NDArray probs = t.scoreTransform().apply(scores).add(t.scoreBias()).softmax(3);
                    assertArrayEquals(t.probs().toFloatArray(), probs.toFloatArray(), 1e-6f);
                    assertEquals(fixture.equals("tiny-gemma2"), !t.scoreTransform().isNone(), "Gemma-2 soft-caps its scores, Gemma-3 not");
                    assertEquals(fixture.equals("tiny-gemma3"), t.queryTransform().headNorm() != null, "Gemma-3's q norm");
                    layers[0]++;
                }
            });
        }
        assertEquals(model.config().numLayers(), layers[0]);
    }

    /** Switching a neuron off equals zeroing its weights: rows of q/k/v, a column of o, a unit of the MLP. */
    @ParameterizedTest
    @CsvSource({"tiny-gemma2, Q", "tiny-gemma2, K", "tiny-gemma2, V", "tiny-gemma2, O", "tiny-gemma2, FFN",
            "tiny-gemma3, Q", "tiny-gemma3, K", "tiny-gemma3, V", "tiny-gemma3, O", "tiny-gemma3, FFN"})
    void aMaskedNeuronEqualsItsZeroedWeights(String fixture, Structure structure) throws IOException {
        use(fixture);
        TrainableModel trainable = (TrainableModel) model;
        int layer = 1;
        int[] neurons = {0, 5, 9};
        NeuronSet set = NeuronSet.of(Map.of(new NeuronGroup(layer, structure), neurons));
        try (NDManager scope = NDManager.newBaseManager()) {
            float[] before = model.logits(scope, docs, Intervention.NONE).toFloatArray();
            float[] masked = model.logits(scope, docs, Intervention.off(set)).toFloatArray();
            assertTrue(maxDiff(before, masked) > 1e-5, structure + " changed nothing");
            Map<String, NDArray> params = trainable.parameters();
            List<io.multilens.api.model.NeuronParameters> owned = trainable.neuronParameters(new NeuronGroup(layer, structure), neurons);
            Map<String, float[]> saved = new java.util.HashMap<>();
            for (var p : owned) {
                if (structure == Structure.FFN && !p.role().equals("down")) {
                    continue;                                                    // zeroing down's columns removes the units
                }
                NDArray w = params.get(p.tensor());
                saved.put(p.tensor(), w.toFloatArray());
                for (int n : neurons) {
                    w.set(new ai.djl.ndarray.index.NDIndex(p.axis() == 0 ? "{}, :" : ":, {}", n), 0f);
                }
            }
            float[] edited = model.logits(scope, docs, Intervention.NONE).toFloatArray();
            saved.forEach((name, values) -> params.get(name).set(values));
            assertTrue(maxDiff(masked, edited) <= 1e-5 * maxAbs(masked), structure + ": mask and weight edit differ by "
                    + maxDiff(masked, edited));
            assertArrayEquals(before, model.logits(scope, docs, Intervention.NONE).toFloatArray());
        }
    }

    /** LAPE's hook: a held act(gate) is still multiplied by up(x), token by token. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gemma2", "tiny-gemma3"})
    void aHeldGateIsMultipliedByUp(String fixture) throws IOException {
        use(fixture);
        int units = model.config().intermediateSize();
        NeuronGroup ffn = NeuronGroup.parse("layers.1.mlp.ffn");
        Intervention change = Intervention.gate(NeuronSet.empty(),
                io.multilens.api.neurons.NeuronValues.of(Map.of(ffn, new io.multilens.api.neurons.NeuronValues.Entry(new int[] {3}, new float[] {1.25f}))));
        float[][] upAndAct = new float[2][];
        try (NDManager scope = NDManager.newBaseManager()) {
            model.trace(scope, new int[][] {docs[0]}, change, new io.multilens.api.model.LayerProbe() {
                @Override
                public void mlp(int layer, io.multilens.api.model.MlpTrace trace) {
                    if (layer == 1) {
                        upAndAct[0] = trace.up().toFloatArray();
                        upAndAct[1] = trace.act().toFloatArray();
                    }
                }
            });
        }
        for (int t = 0; t < docs[0].length; t++) {
            int i = t * units + 3;
            assertEquals(1.25f * upAndAct[0][i], upAndAct[1][i], 1e-5 * Math.max(1, Math.abs(upAndAct[0][i])), "token " + t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-gemma2", "tiny-gemma3"})
    void cachedGenerationEqualsRecomputationAndBatchesEqualSinglePrompts(String fixture) throws IOException {
        use(fixture);
        int[][] prompts = {Arrays.copyOf(docs[1], 11), Arrays.copyOf(docs[0], 4), Arrays.copyOfRange(docs[1], 5, 12)};
        GenerationOptions twelve = new GenerationOptions(12, List.of(), false);
        int[][] cached = model.generateIds(prompts, twelve, Intervention.NONE);
        int[][] recomputed = model.generateIds(prompts, twelve.withCache(false), Intervention.NONE);
        for (int r = 0; r < prompts.length; r++) {
            assertEquals(12, cached[r].length);
            assertArrayEquals(recomputed[r], cached[r], "row " + r);
            assertArrayEquals(model.generateIds(new int[][] {prompts[r]}, twelve, Intervention.NONE)[0], cached[r]);
        }
    }

    @Test
    void whatTheBackendCannotHonourIsRefusedByName(@TempDir Path tmp) throws IOException {
        assertRefused(tmp, "bias", c -> c.put("attention_bias", true), "attention_bias");
        assertRefused(tmp, "act", c -> {
            c.put("hidden_activation", "relu");
            c.put("hidden_act", "relu");
        }, "hidden_activation 'relu'");
        assertRefused(tmp, "untied", c -> c.put("tie_word_embeddings", false), "tie_word_embeddings is false");
        assertRefused(tmp, "types", c -> c.putArray("layer_types").add("sliding_attention"), "layer_types has 1 entries");
        assertRefused(tmp, "cap", c -> c.put("attn_logit_softcapping", -1), "attn_logit_softcapping");
    }

    private static void assertRefused(Path tmp, String name, Consumer<ObjectNode> edit, String expectedText) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode config = (ObjectNode) mapper.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        mapper.writeValue(dir.resolve("config.json").toFile(), config);
        StepFailure f = assertThrows(StepFailure.class, () -> new GemmaBackend().load(dir, LoadOptions.of("cpu")).close());
        assertTrue(f.getMessage().contains(expectedText), f.getMessage());
    }

    /**
     * A Gemma3ForConditionalGeneration checkpoint holding the same text model (config under
     * text_config, tensors under language_model.model., a vision tensor beside them) gives the
     * text-only checkpoint's logits exactly.
     */
    @Test
    void theTextModelOfAMultimodalGemma3CheckpointRuns(@TempDir Path tmp) throws IOException {
        use("tiny-gemma3");
        Path source = FIXTURES.resolve("tiny-gemma3");
        Map<String, io.multilens.api.data.Safetensors.Tensor> tensors = io.multilens.api.data.Safetensors.read(
                source.resolve("model.safetensors"));
        Map<String, io.multilens.api.data.Safetensors.Tensor> renamed = new java.util.LinkedHashMap<>();
        tensors.forEach((name, t) -> renamed.put("language_model." + name, t));
        renamed.put("vision_tower.vision_model.embeddings.patch_embedding.weight",
                new io.multilens.api.data.Safetensors.Tensor(new float[] {1f, 2f}, new long[] {2}));
        io.multilens.api.data.Safetensors.write(tmp.resolve("model.safetensors"), renamed, Map.of("format", "pt"));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode text = (ObjectNode) mapper.readTree(source.resolve("config.json").toFile());
        text.remove("architectures");
        ObjectNode top = mapper.createObjectNode();
        top.putArray("architectures").add("Gemma3ForConditionalGeneration");
        top.put("model_type", "gemma3");
        top.set("text_config", text);
        top.putObject("vision_config").put("hidden_size", 2);
        mapper.writeValue(tmp.resolve("config.json").toFile(), top);
        try (LanguageModel multimodal = new GemmaBackend().load(tmp, LoadOptions.of("cpu"));
             NDManager scope = NDManager.newBaseManager()) {
            assertEquals("Gemma3ForConditionalGeneration", multimodal.config().architecture());
            assertArrayEquals(model.logits(scope, docs, Intervention.NONE).toFloatArray(),
                    multimodal.logits(scope, docs, Intervention.NONE).toFloatArray());
            assertTrue(((TrainableModel) multimodal).neuronParameters(new NeuronGroup(1, Structure.Q), new int[] {0})
                    .get(0).tensor().startsWith("language_model.model.layers.1."));
        }
    }

    private double[] reference(int doc) {
        JsonNode rows = expected.get("logits").get(doc);
        return Stream.of(rows).flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false))
                .flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false))
                .mapToDouble(JsonNode::asDouble).toArray();
    }

    private static double relativeError(float[] got, double[] want) {
        assertEquals(want.length, got.length);
        double err = 0;
        double scale = 0;
        for (int i = 0; i < got.length; i++) {
            err = Math.max(err, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return err / scale;
    }

    private static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
