package io.multilens.eval.tasks;

import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.model.llama.LlamaBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tiny-llama fixture (random weights, vocabulary 300) in a temporary folder with a byte-level
 * tokenizer.json (ids 0 = BOS, 1 = EOS, 2 + b = byte b: the API's ByteTokenizerJson), so that
 * text tasks run on it end to end.
 */
public final class TinyModel implements ModelProvider, AutoCloseable {

    private final Map<Path, LanguageModel> loaded = new HashMap<>();

    /** Copies the checkpoint to {@code dir} and adds the tokenizer; returns the model folder. */
    public static Path install(Path dir) throws IOException {
        Path fixture = TestData.repo().resolve("testdata/fixtures/tiny-llama");
        Path model = Files.createDirectories(dir);
        Files.copy(fixture.resolve("config.json"), model.resolve("config.json"));
        Files.copy(fixture.resolve("model.safetensors"), model.resolve("model.safetensors"));
        ByteTokenizerJson.write(model.resolve("tokenizer.json"));
        return model;
    }

    /** A neurons.json with one FFN set per named language (different units each). */
    public static Path neurons(Path file, List<String> languages) throws IOException {
        Map<String, NeuronSet> sets = new LinkedHashMap<>();
        for (int i = 0; i < languages.size(); i++) {
            sets.put(languages.get(i), NeuronSet.of(Map.of(NeuronGroup.parse("layers.1.mlp.ffn"),
                    new int[] {3 * i, 3 * i + 1, 3 * i + 2}, NeuronGroup.parse("layers.2.mlp.ffn"), new int[] {10 + i})));
        }
        new LanguageNeurons(sets, Map.of("test", true)).write(file);
        return file;
    }

    @Override
    public synchronized LanguageModel get(Path modelDir, String device, io.multilens.api.model.ModelDtype dtype) {
        return loaded.computeIfAbsent(modelDir.resolve(dtype.label()), k -> new LlamaBackend().load(modelDir, io.multilens.api.model.LoadOptions.of(device, dtype)));
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(LanguageModel::close);
        loaded.clear();
    }
}
