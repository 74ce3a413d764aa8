package io.multilens.model.bloom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every backend must do, on tiny-bloom: neuron addresses, generation, training, saving, refusals. */
class BloomModelTest {

    private static final String QKV = "h.1.self_attention.query_key_value.";

    @TempDir
    Path tmp;

    /** Rows under conditions from different layers, in one call (sharing the blocks below them), equal each row alone. */
    @Test
    void rowsSharingTheirPrefixEqualEachRowAlone() {
        try (var model = TinyBloom.load(TinyBloom.dir())) {
            io.multilens.testkit.SharedPrefixCheck.assertRowsEqualAlone(model, TinyBloom.documents());
            io.multilens.testkit.MixedChangesCheck.assertRowsEqualAlone(model, TinyBloom.documents());
        }
    }

    /**
     * Switching off q/k/v neuron (h, d) equals zeroing fused row h*3*hd + {0,1,2}*hd + d and its
     * bias; o equals zeroing a column of dense; ffn a row of dense_h_to_4h and its bias (GELU(0) = 0).
     */
    @Test
    void neuronAddressesAreTheFusedRowsOfEachHead() throws Exception {
        int[][] docs = TinyBloom.documents();
        try (TrainableModel masked = TinyBloom.load(TinyBloom.dir()); NDManager scope = NDManager.newBaseManager()) {
            int hd = masked.config().headDim();
            int head = 4;
            int dim = 5;
            int neuron = head * hd + dim;
            String[] structures = {"q", "k", "v"};
            for (int j = 0; j < 3; j++) {
                int row = head * 3 * hd + j * hd + dim;
                float[] want = edited(docs, scope, m -> {
                    zero(m, QKV + "weight", "" + row);
                    zero(m, QKV + "bias", "" + row);
                });
                NeuronSet off = NeuronSet.of(Map.of(NeuronGroup.parse("layers.1.attn." + structures[j]), new int[] {neuron}));
                assertSame(want, masked.logits(scope, docs, Intervention.off(off)).toFloatArray(), structures[j]);
            }
            float[] wantO = edited(docs, scope, m -> zero(m, "h.1.self_attention.dense.weight", ":, " + neuron));
            assertSame(wantO, masked.logits(scope, docs, Intervention.off(NeuronSet.of(Map.of(new NeuronGroup(1, Structure.O), new int[] {neuron})))).toFloatArray(), "o");
            float[] wantFfn = edited(docs, scope, m -> {
                zero(m, "h.1.mlp.dense_h_to_4h.weight", "" + 77);
                zero(m, "h.1.mlp.dense_h_to_4h.bias", "" + 77);
            });
            assertSame(wantFfn, masked.logits(scope, docs, Intervention.off(NeuronSet.of(Map.of(new NeuronGroup(1, Structure.FFN), new int[] {77})))).toFloatArray(), "ffn");
        }
    }

    private interface Edit {
        void apply(Map<String, NDArray> parameters);
    }

    private static float[] edited(int[][] docs, NDManager scope, Edit edit) {
        try (TrainableModel model = TinyBloom.load(TinyBloom.dir())) {
            edit.apply(model.parameters());
            return model.logits(scope, docs, Intervention.NONE).toFloatArray();
        }
    }

    private static void zero(Map<String, NDArray> parameters, String name, String index) {
        parameters.get(name).set(new NDIndex(index), 0f);
    }

    private static void assertSame(float[] want, float[] got, String what) {
        double worst = 0;
        double changed = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        assertTrue(worst <= 1e-5, what + ": masked and edited logits differ by " + worst);
        try (TrainableModel plain = TinyBloom.load(TinyBloom.dir()); NDManager m = NDManager.newBaseManager()) {
            float[] base = plain.logits(m, TinyBloom.documents(), Intervention.NONE).toFloatArray();
            for (int i = 0; i < want.length; i++) {
                changed = Math.max(changed, Math.abs(base[i] - got[i]));
            }
        }
        assertTrue(changed > 1e-4, what + ": switching the neuron off changed nothing");
    }

    @Test
    void cachedGenerationEqualsRecomputing() {
        int[][] docs = TinyBloom.documents();
        int[][] prompts = {Arrays.copyOf(docs[1], 10), Arrays.copyOf(docs[0], 3)};
        GenerationOptions twelve = new GenerationOptions(12, List.of(), false);
        try (TrainableModel model = TinyBloom.load(TinyBloom.dir())) {
            NeuronSet off = NeuronSet.of(Map.of(new NeuronGroup(0, Structure.FFN), new int[] {1, 2, 3}));
            for (NeuronSet set : List.of(NeuronSet.empty(), off)) {
                int[][] cached = model.generateIds(prompts, twelve, Intervention.off(set));
                int[][] recomputed = model.generateIds(prompts, twelve.withCache(false), Intervention.off(set));
                for (int r = 0; r < prompts.length; r++) {
                    assertEquals(12, cached[r].length);
                    assertArrayEquals(recomputed[r], cached[r], "row " + r);
                }
            }
        }
    }

    @Test
    void lossIsTheMeanNegativeLogProbAndSavedModelsReload() throws Exception {
        int[][] docs = TinyBloom.documents();
        try (TrainableModel model = TinyBloom.load(TinyBloom.dir()); NDManager scope = NDManager.newBaseManager()) {
            double[][] lp = model.tokenLogProbs(docs, Intervention.NONE);
            double sum = 0;
            int n = 0;
            for (double[] row : lp) {
                for (double v : row) {
                    sum -= v;
                    n++;
                }
            }
            assertEquals(sum / n, model.loss(scope, docs, Intervention.NONE).getFloat(), 1e-5);
            model.parameters().get("h.2.mlp.dense_h_to_4h.weight").set(new NDIndex("3"), 0.5f);
            float[] changed = model.logits(scope, docs, Intervention.NONE).toFloatArray();
            Path saved = tmp.resolve("saved");
            model.save(saved);
            try (TrainableModel reloaded = TinyBloom.load(saved)) {
                assertArrayEquals(changed, reloaded.logits(scope, docs, Intervention.NONE).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void refusesWhatItCannotRunByName() throws Exception {
        Path broken = TinyBloom.copy(tmp.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), Files.readString(broken.resolve("config.json"))
                .replace("\"n_head\": 6", "\"n_head\": 5"));
        StepFailure heads = assertThrows(StepFailure.class, () -> TinyBloom.load(broken));
        assertTrue(heads.getMessage().contains("config.json") && heads.getMessage().contains("n_head"), heads.getMessage());
        Path untied = TinyBloom.copy(tmp.resolve("untied"));
        Files.writeString(untied.resolve("config.json"), Files.readString(untied.resolve("config.json"))
                .replace("\"n_layer\"", "\"tie_word_embeddings\": false, \"n_layer\""));
        StepFailure tie = assertThrows(StepFailure.class, () -> TinyBloom.load(untied));
        assertTrue(tie.getMessage().contains("tie_word_embeddings is false"), tie.getMessage());
    }

    /** Weights kept in 16 bits: half the memory, logits within the type's rounding, and no training. */
    @Test
    void halfPrecisionKeepsHalfTheBytesAndTheLogits() {
        int[][] docs = TinyBloom.documents();
        try (TrainableModel full = TinyBloom.load(TinyBloom.dir()); NDManager scope = NDManager.newBaseManager()) {
            for (ModelDtype dtype : List.of(ModelDtype.FLOAT16, ModelDtype.BFLOAT16)) {
                try (io.multilens.api.model.LanguageModel half = new BloomBackend().load(TinyBloom.dir(),
                        LoadOptions.of("cpu", dtype))) {
                    assertEquals(dtype, half.dtype());
                    assertTrue(half.memoryBytes() < 0.6 * full.memoryBytes(), half.memoryBytes() + " vs " + full.memoryBytes());
                    for (int d = 0; d < docs.length; d++) {
                        float[] got = half.logits(scope, new int[][] {docs[d]}, Intervention.NONE).toFloatArray();
                        double err = TinyBloom.relativeError(got, TinyBloom.logits(d));
                        System.out.printf("tiny-bloom %s document %d: relative error %.2e%n", dtype.label(), d, err);
                        assertTrue(err < (dtype == ModelDtype.FLOAT16 ? 5e-3 : 3e-2), dtype + ": " + err);
                    }
                    StepFailure train = assertThrows(StepFailure.class, () -> ((TrainableModel) half).parameters());
                    assertTrue(train.getMessage().contains("float32"), train.getMessage());
                }
            }
        }
    }
}
