package io.multilens.model.llama;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a checkpoint can be broken gives a StepFailure that names the file and the tensor. */
class CheckpointFailureTest {

    @TempDir
    Path tmp;

    private Path llama() {
        return Fixtures.copy(Fixtures.LLAMA, tmp);
    }

    private static StepFailure loadFails(Path dir) {
        return assertThrows(StepFailure.class, () -> Fixtures.load(dir).close());
    }

    private static void assertMentions(StepFailure f, String... parts) {
        for (String p : parts) {
            assertTrue(f.getMessage().contains(p), "'" + p + "' missing from: " + f.getMessage());
        }
    }

    @Test
    void truncatedFile() throws Exception {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 1000);
        }
        StepFailure f = loadFails(dir);
        // the last tensor in the file is the one cut short
        String last = TestSafetensors.lastStored(Fixtures.dir(Fixtures.LLAMA).resolve("model.safetensors"));
        assertMentions(f, file.toString(), last, "truncated");
    }

    @Test
    void headerLengthBeyondTheFile() throws Exception {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(raf.length()).array();
            raf.write(len);
        }
        assertMentions(loadFails(dir), file.toString(), "header length");
    }

    @Test
    void headerIsNotJson() throws Exception {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(8);
            raf.write('x');
        }
        assertMentions(loadFails(dir), file.toString(), "JSON");
    }

    @Test
    void tinyFile() throws Exception {
        Path dir = llama();
        Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
        assertMentions(loadFails(dir), "model.safetensors", "too short");
    }

    @Test
    void missingTensor() throws Exception {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        Map<String, TestSafetensors.Raw> tensors = TestSafetensors.read(file);
        tensors.remove("model.layers.1.mlp.up_proj.weight");
        TestSafetensors.write(file, tensors);
        assertMentions(loadFails(dir), file.toString(), "'model.layers.1.mlp.up_proj.weight'");
    }

    @Test
    void missingLmHeadIsNotTiedForLlama() throws Exception {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        Map<String, TestSafetensors.Raw> tensors = TestSafetensors.read(file);
        tensors.remove("lm_head.weight");
        TestSafetensors.write(file, tensors);
        assertMentions(loadFails(dir), "'lm_head.weight'");
    }

    @Test
    void tensorsTheConfigDoesNotUseAreRefusedByName() throws Exception {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        Map<String, TestSafetensors.Raw> tensors = TestSafetensors.read(file);
        tensors.put("model.layers.7.mlp.up_proj.weight", tensors.get("model.layers.1.mlp.up_proj.weight"));
        TestSafetensors.write(file, tensors);
        assertMentions(loadFails(dir), "1 tensor(s) that config.json does not use", "model.layers.7.mlp.up_proj.weight");
    }

    @Test
    void configValuesOutOfRangeAreRefused() throws Exception {
        Path dir = llama();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"rms_norm_eps\": 1e-05", "\"rms_norm_eps\": -1"));
        assertMentions(loadFails(dir), "'rms_norm_eps' is -1");
    }

    @Test
    void unsupportedDtype() throws Exception {
        Path dir = llama();
        Path file = dir.resolve("model.safetensors");
        Map<String, TestSafetensors.Raw> tensors = TestSafetensors.read(file);
        tensors.put("model.norm.weight", TestSafetensors.asF64(tensors.get("model.norm.weight")));
        TestSafetensors.write(file, tensors);
        assertMentions(loadFails(dir), file.toString(), "'model.norm.weight'", "F64");
    }

    @Test
    void configShapeDisagreesWithTheWeights() throws Exception {
        Path dir = llama();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"intermediate_size\": 172", "\"intermediate_size\": 170"));
        assertMentions(loadFails(dir), "'model.layers.0.mlp.gate_proj.weight'", "[172, 64]", "[170, 64]",
                config.toString());
    }

    @Test
    void unsupportedArchitecture() throws Exception {
        Path dir = llama();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("LlamaForCausalLM", "GPT2LMHeadModel"));
        assertMentions(loadFails(dir), config.toString(), "GPT2LMHeadModel", "LlamaForCausalLM",
                "MistralForCausalLM", "Qwen2ForCausalLM");
    }

    @Test
    void unsupportedRopeScaling() throws Exception {
        Path dir = llama();
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"rope_theta\"",
                "\"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4.0}, \"rope_theta\""));
        assertMentions(loadFails(dir), config.toString(), "yarn");
    }

    @Test
    void noWeightsAtAll() throws Exception {
        Path dir = llama();
        Files.delete(dir.resolve("model.safetensors"));
        assertMentions(loadFails(dir), dir.toString(), "model.safetensors");
    }

    @Test
    void missingShard() throws Exception {
        Path dir = Fixtures.copy(Fixtures.QWEN2, tmp);
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertMentions(loadFails(dir), "model.safetensors.index.json", "model-00002-of-00002.safetensors");
    }

    @Test
    void qwen2WithoutBiasFails() throws Exception {
        Path dir = Fixtures.copy(Fixtures.QWEN2, tmp);
        Path shard = dir.resolve("model-00002-of-00002.safetensors");
        Map<String, TestSafetensors.Raw> tensors = TestSafetensors.read(shard);
        tensors.remove("model.layers.2.self_attn.k_proj.bias");
        TestSafetensors.write(shard, tensors);
        assertMentions(loadFails(dir), shard.toString(), "'model.layers.2.self_attn.k_proj.bias'");
    }

    @Test
    void unknownDevice() {
        Path dir = Fixtures.dir(Fixtures.LLAMA);
        StepFailure f = assertThrows(StepFailure.class,
                () -> new LlamaBackend().load(dir, io.multilens.api.model.LoadOptions.of("tpu:0")));
        assertMentions(f, "tpu:0", "cuda:N");
    }
}
