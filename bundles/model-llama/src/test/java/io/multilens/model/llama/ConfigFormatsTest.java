package io.multilens.model.llama;

import io.multilens.kit.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.MemoryBudget;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json as transformers v4 and v5 write it: each field honoured, or refused by name. */
class ConfigFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void transformersV5RopeParametersGiveTheSameLogitsAsTheOldFields() throws Exception {
        Path old = variant("old", c -> {
            c.put("rope_theta", 5000.0);
            c.set("rope_scaling", JSON.valueToTree(Map.of("rope_type", "llama3", "factor", 8.0, "low_freq_factor", 1.0,
                    "high_freq_factor", 4.0, "original_max_position_embeddings", 16)));
        });
        Path v5 = variant("v5", c -> {
            c.remove("rope_theta");
            c.set("rope_parameters", JSON.valueToTree(Map.of("rope_type", "llama3", "rope_theta", 5000.0, "factor", 8.0,
                    "low_freq_factor", 1.0, "high_freq_factor", 4.0, "original_max_position_embeddings", 16)));
            c.remove("torch_dtype");
            c.put("dtype", "float32");
        });
        float[] a = logits(old);
        float[] b = logits(v5);
        assertArrayEquals(a, b, 0f);
        // and the scaling really is applied: plain RoPE gives other logits
        float[] plain = logits(variant("plain", c -> c.put("rope_theta", 5000.0)));
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - plain[i]));
        }
        assertTrue(diff > 1e-4, "llama3 scaling changed nothing");
    }

    @Test
    void llama3ScalingWithAMissingKeyIsRefusedNotDefaulted() throws Exception {
        Path dir = variant("missing", c -> c.set("rope_scaling",
                JSON.valueToTree(Map.of("rope_type", "llama3", "factor", 8.0, "high_freq_factor", 4.0,
                        "original_max_position_embeddings", 16))));
        assertRefused(dir, "low_freq_factor");
    }

    @Test
    void unknownRopeTypeAndPartialRotaryAreRefusedByName() throws Exception {
        assertRefused(variant("yarn", c -> c.set("rope_parameters",
                JSON.valueToTree(Map.of("rope_type", "yarn", "rope_theta", 10000.0, "factor", 4.0)))), "RoPE type 'yarn'");
        assertRefused(variant("partial", c -> c.put("partial_rotary_factor", 0.5)), "partial_rotary_factor");
    }

    @Test
    void headIsTiedOnlyWhenTheConfigSaysSoOrTheCheckpointHasNone() throws Exception {
        float[] untied = logits(Fixtures.dir(Fixtures.LLAMA));
        // absent flag, head present: the head is used
        assertArrayEquals(untied, logits(variant("absent", c -> c.remove("tie_word_embeddings"))), 0f);
        // absent flag, no head: tied to the embedding, which gives other logits
        Path noHead = variant("nohead", c -> c.remove("tie_word_embeddings"));
        var tensors = TestSafetensors.read(noHead.resolve("model.safetensors"));
        tensors.remove("lm_head.weight");
        TestSafetensors.write(noHead.resolve("model.safetensors"), tensors);
        float[] tied = logits(noHead);
        assertTrue(tied.length == untied.length && tied[7] != untied[7]);
        // true flag with a head present: tied, as transformers does
        assertArrayEquals(tied, logits(variant("forced", c -> c.put("tie_word_embeddings", true))), 0f);
    }

    /** A config of a much larger model over small files: the mismatch is named, not a memory size it never needed. */
    @Test
    void aConfigThatDoesNotFitItsWeightsIsNamedBeforeTheMemoryEstimate() throws Exception {
        Path big = variant("big", c -> c.put("hidden_size", 4096).put("intermediate_size", 11008));
        LoadOptions tight = LoadOptions.of("cpu").withMemory(MemoryBudget.fixed(64L << 20));
        StepFailure f = assertThrows(StepFailure.class, () -> new LlamaBackend().load(big, tight));
        assertTrue(f.getMessage().contains("the config does not match the weights") && !f.getMessage().contains("needs about"),
                f.getMessage());
    }

    @Test
    void modelThatDoesNotFitIsRefusedWithTheNumbersBeforeAnythingIsAllocated() {
        LoadOptions tight = LoadOptions.of("cpu").withMemory(MemoryBudget.fixed(64L << 20));
        StepFailure f = assertThrows(StepFailure.class, () -> new LlamaBackend().load(Fixtures.dir(Fixtures.LLAMA), tight));
        assertTrue(f.getMessage().contains("needs about") && f.getMessage().contains("0.1 GiB")
                && f.getMessage().contains("available"), f.getMessage());
    }

    @Test
    void estimateNamesTheDtypesThatWouldFit() {
        // a Llama-2-7B-shaped plan: nothing is loaded, only counted
        ModelConfig c = new ModelConfig("LlamaForCausalLM", "llama", 32000, 4096, 11008, 32, 32, 32, 128, 1e-5, 1e4,
                4096, false, "silu", 1, List.of(2));
        LoadJobs jobs = new LoadJobs();
        ModelWeights.plan(c, new Variant("LlamaForCausalLM", false, false, false, 0, new double[64]), false, jobs, ModelDtype.FLOAT32);
        MemoryEstimate f32 = MemoryEstimate.of(jobs, ModelDtype.FLOAT32, c, 2);
        MemoryEstimate bf16 = MemoryEstimate.of(jobs, ModelDtype.BFLOAT16, c, 2);
        assertTrue(Math.abs(f32.weights() / 6.738e9 / 4 - 1) < 0.01, "7B parameters at 4 bytes: " + f32.weights());
        assertTrue(bf16.total() < 16L << 30, "7B in bfloat16 must fit 16 GiB: " + bf16.total());
        StepFailure f = assertThrows(StepFailure.class, () -> MemoryEstimate.check(Path.of("llama-2-7b"), jobs,
                ModelDtype.FLOAT32, c, 2, MemoryBudget.fixed(20L << 30)));
        assertTrue(f.getMessage().contains("load it with dtype bfloat16") && f.getMessage().contains("float16"),
                f.getMessage());
    }

    private Path variant(String name, Consumer<ObjectNode> edit) throws Exception {
        Path dir = Fixtures.copy(Fixtures.LLAMA, tmp.resolve(name));
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        Files.writeString(dir.resolve("config.json"), config.toString());
        return dir;
    }

    private static float[] logits(Path dir) {
        try (LanguageModel model = new LlamaBackend().load(dir, LoadOptions.of("cpu"));
             NDManager scope = NDManager.newBaseManager()) {
            return model.logits(scope, Fixtures.documents(Fixtures.LLAMA), Intervention.NONE).toFloatArray();
        }
    }

    private static void assertRefused(Path dir, String mention) {
        StepFailure f = assertThrows(StepFailure.class, () -> new LlamaBackend().load(dir, LoadOptions.of("cpu")).close());
        assertTrue(f.getMessage().contains(mention) && f.getMessage().contains("config.json"), f.getMessage());
    }
}
