package io.multilens.train.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.model.NeuronDelta;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FineTuneStepTest {

    static final ModelProvider MODELS = new ModelProvider() {
        @Override
        public LanguageModel get(Path modelDir, String device, io.multilens.api.model.ModelDtype dtype) {
            throw new AssertionError("fine-tuning must use a private copy");
        }

        @Override
        public LanguageModel open(Path modelDir, String device, io.multilens.api.model.ModelDtype dtype) {
            return new LlamaBackend().load(modelDir, io.multilens.api.model.LoadOptions.of(device, dtype));
        }
    };

    static final NeuronGroup Q1 = NeuronGroup.parse("layers.1.attn.q");
    static final NeuronGroup V2 = NeuronGroup.parse("layers.2.attn.v");
    static final NeuronGroup F0 = NeuronGroup.parse("layers.0.mlp.ffn");
    static final NeuronGroup F3 = NeuronGroup.parse("layers.3.mlp.ffn");

    @TempDir
    Path dir;
    Path base;
    Path neurons;

    @BeforeEach
    void setUp() throws Exception {
        base = dir.resolve("base");
        Files.createDirectories(base);
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("multilens.repo"), "testdata/fixtures/tiny-llama"))) {
            for (Path f : files.toList()) {
                Files.copy(f, base.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ByteTokenizerJson.write(base.resolve("tokenizer.json"));
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/xx.txt"), IntStream.range(0, 24)
                .mapToObj(i -> "some text number " + i + " for tuning").collect(Collectors.joining("\n")));
        neurons = dir.resolve("neurons.json");
        // xx has 5 FFN units in layer 0 (importances decide the top 3), 2 q rows in layer 1, 1 v row in layer 2
        new LanguageNeurons(Map.of("xx", NeuronSet.of(Map.of(F0, new int[] {3, 9, 17, 40, 100}, Q1, new int[] {5, 6},
                V2, new int[] {7}, F3, new int[] {2}))),
                Map.of("xx", Map.of(F0, new double[] {1, 5, 2, 4, 3}, Q1, new double[] {1, 1}, V2, new double[] {1},
                        F3, new double[] {1})),
                Map.of()).write(neurons);
    }

    private TestStepContext context(String name, Map<String, Object> extra) throws Exception {
        Map<String, Object> o = new HashMap<>();
        o.put("model", "base");
        o.put("language", "xx");
        o.put("corpus", "corpus/{lang}.txt");
        o.put("max_neurons_per_matrix", 3L);
        o.put("epochs", 2L);
        o.put("batch_size", 4L);
        o.put("learning_rate", 1e-2);
        o.put("weight_decay", 0.1);
        o.put("checkpoint_every", 4L);
        o.putAll(extra);
        Path out = dir.resolve(name);
        Files.createDirectories(out);
        return new TestStepContext(FineTuneOptions.INFO, o, out, dir, MODELS).input("neurons", neurons);
    }

    @Test
    void onlyTheNeuronsParametersChangeAndTheDeltaReproducesTheFullCheckpoint() throws Exception {
        TestStepContext ctx = context("tune", Map.of("save_full", true));
        new FineTuneStep().run(ctx);
        Path delta = ctx.outputDir().resolve("delta");
        NeuronDelta d = NeuronDelta.read(delta);
        // top 3 of layer 0's FFN by importance: units 9 (5), 40 (4), 100 (3); layer 3 is the generation stage, kept
        Map<String, int[]> trained = d.entries().stream().collect(Collectors.toMap(
                e -> e.tensor() + "/" + e.axis(), NeuronDelta.Entry::indices));
        assertArrayEquals(new int[] {9, 40, 100}, trained.get("model.layers.0.mlp.up_proj.weight/0"));
        assertArrayEquals(new int[] {9, 40, 100}, trained.get("model.layers.0.mlp.down_proj.weight/1"));
        assertArrayEquals(new int[] {5, 6}, trained.get("model.layers.1.self_attn.q_proj.weight/0"));
        assertArrayEquals(new int[] {7}, trained.get("model.layers.2.self_attn.v_proj.weight/0"));
        assertArrayEquals(new int[] {2}, trained.get("model.layers.3.mlp.up_proj.weight/0"));
        assertFalse(trained.containsKey("model.layers.0.mlp.gate_proj.weight/0"), "gate is not trained by default");

        try (TrainableModel before = (TrainableModel) MODELS.open(base, "cpu");
             TrainableModel after = (TrainableModel) MODELS.open(ctx.outputDir().resolve("model"), "cpu")) {
            int changedEntries = assertFrozenUnchanged(before, after, d);
            long trainedCount = new ObjectMapper().readTree(ctx.outputDir().resolve("finetune.json").toFile())
                    .path("trained_parameters").asLong();
            assertEquals(3 * 64 + 3 * 64 + 2 * 64 + 64 + 2 * 64, trainedCount);   // up+down of 3 and of 1 unit, 2 q rows, 1 v row
            assertTrue(changedEntries > 0.9 * trainedCount, changedEntries + " of " + trainedCount + " trained entries moved");

            // base + delta = the saved full checkpoint, logit for logit
            d.applyTo(before, delta);
            try (NDManager m = before.manager().newSubManager()) {
                int[][] doc = {before.tokenizer().encode("some text number 3 for tuning")};
                NDArray la = before.logits(m, doc, Intervention.NONE);
                NDArray lb = after.logits(m, doc, Intervention.NONE);
                assertArrayEquals(lb.toFloatArray(), la.toFloatArray(), 0f);
            }
        }
    }

    /** Asserts every entry the delta does not train is bit-identical; returns how many trained entries moved. */
    private static int assertFrozenUnchanged(TrainableModel before, TrainableModel after, NeuronDelta d) {
        int changed = 0;
        for (String name : before.parameters().keySet()) {
            float[] a = before.parameters().get(name).toFloatArray();
            float[] b = after.parameters().get(name).toFloatArray();
            boolean[] isTrained = trainedMask(d, name, before.parameters().get(name));
            for (int i = 0; i < a.length; i++) {
                if (!isTrained[i]) {
                    assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "] is frozen");
                } else if (a[i] != b[i]) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /** True for the entries of {@code tensor} that the delta trains. */
    private static boolean[] trainedMask(NeuronDelta d, String tensor, NDArray w) {
        long[] shape = w.getShape().getShape();
        boolean[] mask = new boolean[(int) w.getShape().size()];
        for (NeuronDelta.Entry e : d.entries()) {
            if (!e.tensor().equals(tensor)) {
                continue;
            }
            long cols = shape.length == 2 ? shape[1] : 1;
            for (int idx : e.indices()) {
                if (e.axis() == 0) {
                    for (int c = 0; c < cols; c++) {
                        mask[(int) (idx * cols + c)] = true;
                    }
                } else {
                    for (int r = 0; r < shape[0]; r++) {
                        mask[(int) (r * cols + idx)] = true;
                    }
                }
            }
        }
        return mask;
    }

    @Test
    void theRandomControlTrainsAsManyNeuronsOutsideTheSet() throws Exception {
        TestStepContext ctx = context("random", Map.of("control", "random", "epochs", 1L));
        new FineTuneStep().run(ctx);
        NeuronSet trained = LanguageNeurons.read(ctx.outputDir().resolve("neurons.json")).byLanguage().get("xx.random");
        assertEquals(3, trained.count(F0));
        assertEquals(2, trained.count(Q1));
        for (int i : trained.indices(F0)) {
            assertFalse(List.of(3, 9, 17, 40, 100).contains(i), "random unit " + i + " is one of the language's");
        }
    }

    @Test
    void aDeltaOnAnotherBaseOrCorruptIsRefused() throws Exception {
        TestStepContext ctx = context("tune", Map.of("epochs", 1L));
        new FineTuneStep().run(ctx);
        Path delta = ctx.outputDir().resolve("delta");
        NeuronDelta d = NeuronDelta.read(delta);
        // another base: the same architecture with one trained row perturbed
        try (TrainableModel other = (TrainableModel) MODELS.open(base, "cpu")) {
            NDArray up = other.parameters().get("model.layers.0.mlp.up_proj.weight");
            NeuronDelta.set(up, 0, new int[] {9}, new float[64]);
            StepFailure e = assertThrows(StepFailure.class, () -> d.applyTo(other, delta));
            assertTrue(e.getMessage().contains("is not the one this delta was tuned from"), e.getMessage());
        }
        Path values = delta.resolve(NeuronDelta.VALUES);
        byte[] bytes = Files.readAllBytes(values);
        Files.write(values, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (TrainableModel fresh = (TrainableModel) MODELS.open(base, "cpu")) {
            StepFailure e = assertThrows(StepFailure.class, () -> d.applyTo(fresh, delta));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void anInterruptedTuningResumesToTheSameDelta() throws Exception {
        TestStepContext straight = context("straight", Map.of());
        new FineTuneStep().run(straight);
        TestStepContext first = context("resumed", Map.of());
        int[] polls = {0};
        first.cancelWhen(() -> ++polls[0] > 5);                 // 12 steps in all; state saved after step 4
        assertThrows(StepFailure.class, () -> new FineTuneStep().run(first));
        TestStepContext second = context("resumed", Map.of());
        new FineTuneStep().run(second);
        assertTrue(second.lines().stream().anyMatch(l -> l.contains("resuming at step 4")), second.lines().toString());
        var a = io.multilens.api.data.Safetensors.read(straight.outputDir().resolve("delta").resolve(NeuronDelta.VALUES));
        var b = io.multilens.api.data.Safetensors.read(second.outputDir().resolve("delta").resolve(NeuronDelta.VALUES));
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).data(), b.get(k).data(), 1e-6f, k);
        }
    }

    /**
     * clip_on all-parameters (the authors' clipping) measures the norm over every parameter's
     * gradient, which is larger than over the trained tensors', and still changes only the trained entries.
     */
    @Test
    void clippingOnAllParametersMeasuresTheWholeGradientAndFreezesTheRest() throws Exception {
        TestStepContext full = context("full", Map.of("clip_on", "full", "epochs", 1L, "save_full", true));
        new FineTuneStep().run(full);
        TestStepContext all = context("all", Map.of("clip_on", "all-parameters", "epochs", 1L, "save_full", true));
        new FineTuneStep().run(all);
        double normFull = new ObjectMapper().readTree(full.outputDir().resolve("finetune.json").toFile())
                .path("steps").get(0).path("grad_norm").asDouble();
        double normAll = new ObjectMapper().readTree(all.outputDir().resolve("finetune.json").toFile())
                .path("steps").get(0).path("grad_norm").asDouble();
        assertTrue(normAll > normFull && normFull > 0, "all " + normAll + " vs trained tensors " + normFull);
        NeuronDelta d = NeuronDelta.read(all.outputDir().resolve("delta"));
        try (TrainableModel before = (TrainableModel) MODELS.open(base, "cpu");
             TrainableModel after = (TrainableModel) MODELS.open(all.outputDir().resolve("model"), "cpu")) {
            assertFrozenUnchanged(before, after, d);
        }
    }

    /** control: all trains every neuron of the chosen stages: the all-parameter comparison. */
    @Test
    void theAllControlCoversEveryNeuronOfTheChosenStages() {
        io.multilens.api.model.ModelConfig c = new io.multilens.api.model.ModelConfig("LlamaForCausalLM", "llama", 50, 16,
                20, 4, 4, 2, 4, 1e-5, 1e4, 64, false, "silu", 1, List.of(2));
        io.multilens.api.neurons.StageSplit split = io.multilens.api.neurons.StageSplit.of(4, 1, 1);
        NeuronSet all = FineTuneStep.allNeurons(c, split, java.util.EnumSet.of(io.multilens.api.neurons.Stage.TASK_SOLVING));
        // layers 1 and 2, each q 16 + k 8 + v 8 + o 16 + ffn 20
        assertEquals(2 * (16 + 8 + 8 + 16 + 20), all.size());
        assertEquals(20, all.count(io.multilens.api.neurons.NeuronGroup.parse("layers.2.mlp.ffn")));
        assertEquals(0, all.count(io.multilens.api.neurons.NeuronGroup.parse("layers.0.attn.q")));
    }
}
