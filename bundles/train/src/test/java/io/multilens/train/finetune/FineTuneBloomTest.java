package io.multilens.train.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.model.NeuronDelta;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.model.bloom.BloomBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning language neurons of a BLOOM model: q and k neurons of one head are rows of the
 * fused query_key_value matrix (weight and bias), merged into one trained slice; nothing else
 * changes, and base + delta reproduces the tuned model.
 */
class FineTuneBloomTest {

    private static final ModelProvider MODELS = new ModelProvider() {
        @Override
        public LanguageModel get(Path modelDir, String device, ModelDtype dtype) {
            throw new AssertionError("fine-tuning must use a private copy");
        }

        @Override
        public LanguageModel open(Path modelDir, String device, ModelDtype dtype) {
            return new BloomBackend().load(modelDir, LoadOptions.of(device, dtype));
        }
    };

    @TempDir
    Path dir;

    @Test
    void trainsTheFusedRowsOfTheNeuronsAndNothingElse() throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        Path fixture = Path.of(System.getProperty("multilens.repo"), "testdata/fixtures/tiny-bloom");
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(fixture.resolve(f), base.resolve(f));
        }
        ByteTokenizerJson.write(base.resolve("tokenizer.json"));
        Files.createDirectories(dir.resolve("corpus"));
        Files.writeString(dir.resolve("corpus/xx.txt"), IntStream.range(0, 16)
                .mapToObj(i -> "some text number " + i + " for tuning").collect(Collectors.joining("\n")));
        NeuronGroup q1 = NeuronGroup.parse("layers.1.attn.q");
        NeuronGroup k1 = NeuronGroup.parse("layers.1.attn.k");
        NeuronGroup f0 = NeuronGroup.parse("layers.0.mlp.ffn");
        Path neurons = dir.resolve("neurons.json");
        new LanguageNeurons(Map.of("xx", NeuronSet.of(Map.of(q1, new int[] {5, 9}, k1, new int[] {9}, f0, new int[] {3}))),
                Map.of("xx", Map.of(q1, new double[] {1, 1}, k1, new double[] {1}, f0, new double[] {1})),
                Map.of()).write(neurons);
        Map<String, Object> o = new HashMap<>();
        o.put("model", "base");
        o.put("language", "xx");
        o.put("corpus", "corpus/{lang}.txt");
        o.put("epochs", 1L);
        o.put("batch_size", 4L);
        o.put("learning_rate", 1e-2);
        o.put("save_full", true);
        Path out = Files.createDirectories(dir.resolve("tune"));
        TestStepContext ctx = new TestStepContext(FineTuneOptions.INFO, o, out, dir, MODELS).input("neurons", neurons);
        new FineTuneStep().run(ctx);

        NeuronDelta d = NeuronDelta.read(out.resolve("delta"));
        Map<String, int[]> trained = d.entries().stream().collect(Collectors.toMap(
                e -> e.tensor() + "/" + e.axis(), NeuronDelta.Entry::indices));
        // head 0, hd 8: q dims 5 and (head 1, dim 1) -> rows 5 and 24+1; k (head 1, dim 1) -> row 24+8+1
        int[] rows = {5, 25, 33};
        assertArrayEquals(rows, trained.get("h.1.self_attention.query_key_value.weight/0"));
        assertArrayEquals(rows, trained.get("h.1.self_attention.query_key_value.bias/0"));
        assertArrayEquals(new int[] {3}, trained.get("h.0.mlp.dense_h_to_4h.weight/0"));
        assertArrayEquals(new int[] {3}, trained.get("h.0.mlp.dense_4h_to_h.weight/1"));
        assertEquals(5, trained.size(), "trained tensors: " + trained.keySet());

        try (TrainableModel before = (TrainableModel) MODELS.open(base, "cpu");
             TrainableModel after = (TrainableModel) MODELS.open(out.resolve("model"), "cpu")) {
            int moved = 0;
            for (String name : before.parameters().keySet()) {
                float[] a = before.parameters().get(name).toFloatArray();
                float[] b = after.parameters().get(name).toFloatArray();
                long cols = before.parameters().get(name).getShape().dimension() == 2
                        ? before.parameters().get(name).getShape().get(1) : 1;
                for (int i = 0; i < a.length; i++) {
                    boolean isTrained = isTrained(trained, name, (int) (i / cols), (int) (i % cols));
                    if (!isTrained) {
                        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + "[" + i + "] is frozen");
                    } else if (a[i] != b[i]) {
                        moved++;
                    }
                }
            }
            assertTrue(moved > 100, moved + " trained entries moved");
            d.applyTo(before, out.resolve("delta"));
            try (NDManager m = before.manager().newSubManager()) {
                int[][] doc = {before.tokenizer().encode("some text number 3 for tuning")};
                assertArrayEquals(after.logits(m, doc, Intervention.NONE).toFloatArray(),
                        before.logits(m, doc, Intervention.NONE).toFloatArray(), 0f);
            }
        }
    }

    private static boolean isTrained(Map<String, int[]> trained, String tensor, int row, int column) {
        int[] rows = trained.get(tensor + "/0");
        int[] columns = trained.get(tensor + "/1");
        return (rows != null && java.util.Arrays.stream(rows).anyMatch(r -> r == row))
                || (columns != null && java.util.Arrays.stream(columns).anyMatch(c -> c == column));
    }
}
