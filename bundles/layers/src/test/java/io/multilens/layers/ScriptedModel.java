package io.multilens.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.kit.HfTextTokenizer;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.TextTokenizer;
import io.multilens.api.neurons.Intervention;
import java.nio.file.Path;
import java.util.List;

/**
 * A model whose answer is known: its residual stream at depth d is, at every position, the one-hot
 * vector of token {@code plan[d]} (hidden size = vocabulary), and its LM head multiplies by 20, so
 * the logit lens decodes {@code plan[d]} everywhere with probability ~1. The byte-level tokenizer
 * of the embedded model.
 */
final class ScriptedModel implements LanguageModel {

    private final Path dir;
    private final int[] plan;
    private final boolean hasHead;
    private final NDManager manager = NDManager.newBaseManager();
    private final ModelConfig config;
    private final HfTextTokenizer tokenizer;

    ScriptedModel(Path dir, int[] plan, boolean hasHead) throws Exception {
        this.dir = dir;
        this.plan = plan;
        this.hasHead = hasHead;
        ByteTokenizerJson.write(dir.resolve("tokenizer.json"));
        int v = ByteTokenizerJson.VOCAB_SIZE;
        this.config = new ModelConfig("ScriptedForCausalLM", "scripted", v, v, 4, plan.length - 1, 1, 1, v, 1e-5, 0, 512,
                true, "none", ByteTokenizerJson.BOS, List.of(ByteTokenizerJson.EOS));
        this.tokenizer = HfTextTokenizer.open(dir, ByteTokenizerJson.BOS);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public LayerWeights weights(NDManager scope, int layer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public NDArray logits(NDManager scope, int[][] documents, Intervention change) {
        throw new UnsupportedOperationException();
    }

    @Override
    public NDArray lens(NDManager scope, NDArray hidden) {
        if (!hasHead) {
            return LanguageModel.super.lens(scope, hidden);
        }
        return hidden.mul(20f);
    }

    @Override
    public void trace(NDManager scope, int[][] documents, Intervention change, LayerProbe probe) {
        int b = documents.length;
        int t = java.util.Arrays.stream(documents).mapToInt(d -> d.length).max().orElse(0);
        int v = config.vocabSize();
        float[] valid = new float[b * t];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < documents[r].length; i++) {
                valid[r * t + i] = 1f;
            }
        }
        try (NDManager pass = scope.newSubManager()) {
            NDArray validArray = pass.create(valid, new Shape(b, t));
            for (int depth = 0; depth < plan.length; depth++) {
                float[] hidden = new float[b * t * v];
                for (int p = 0; p < b * t; p++) {
                    hidden[p * v + plan[depth]] = 1f;
                }
                probe.residual(depth, pass.create(hidden, new Shape(b, t, v)), validArray);
            }
        }
    }

    @Override
    public double[][] tokenLogProbs(int[][] documents, Intervention change) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> generate(int[][] prompts, GenerationOptions options, Intervention change) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int[][] generateIds(int[][] prompts, GenerationOptions options, Intervention change) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
