package io.multilens.plnd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelBackend;
import io.multilens.api.model.ModelConfig;
import io.multilens.model.bloom.BloomBackend;
import io.multilens.model.gemma.GemmaBackend;
import io.multilens.model.llama.LlamaBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The golden checkpoints under testdata/fixtures and their expected.json. */
public final class Fixtures {

    public static final String LLAMA = "tiny-llama";
    public static final String QWEN2 = "tiny-qwen2-bf16";
    public static final String BLOOM = "tiny-bloom";
    public static final String QWEN3 = "tiny-qwen3";
    public static final String GEMMA2 = "tiny-gemma2";
    /** Written for multilens from transformers' modeling_gemma3 semantics (reference.py beside it). */
    public static final String GEMMA3 = "tiny-gemma3";
    /** Written for multilens from transformers' modeling_phi3 semantics (reference.py beside it): fused q/k/v and gate/up. */
    public static final String PHI3 = "tiny-phi3";

    private Fixtures() {
    }

    public static Path dir(String name) {
        String repo = System.getProperty("multilens.repo");
        if (repo == null) {
            throw new IllegalStateException("system property multilens.repo is not set (surefire sets it)");
        }
        return Path.of(repo, "testdata", "fixtures", name);
    }

    /** Loads with the backend for the checkpoint's architecture, as the model provider would. */
    public static LanguageModel load(Path dir) {
        String architecture = ModelConfig.architecture(dir);
        ModelBackend backend = java.util.stream.Stream.<ModelBackend>of(new BloomBackend(), new GemmaBackend())
                .filter(b -> b.architectures().contains(architecture)).findFirst().orElse(new LlamaBackend());
        return backend.load(dir, io.multilens.api.model.LoadOptions.of("cpu"));
    }

    public static JsonNode expected(String name) throws IOException {
        return new ObjectMapper().readTree(dir(name).resolve("expected.json").toFile());
    }

    public static int[][] documents(JsonNode expected) {
        JsonNode docs = expected.get("documents");
        int[][] out = new int[docs.size()][];
        for (int d = 0; d < out.length; d++) {
            out[d] = new int[docs.get(d).size()];
            for (int i = 0; i < out[d].length; i++) {
                out[d][i] = docs.get(d).get(i).asInt();
            }
        }
        return out;
    }

    /** {@code expected[key][document]}: group key to the per-neuron values of that document. */
    public static Map<String, double[]> scores(JsonNode expected, String key, int document) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = expected.get(key).get(document).fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            double[] v = new double[e.getValue().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = e.getValue().get(i).asDouble();
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}
