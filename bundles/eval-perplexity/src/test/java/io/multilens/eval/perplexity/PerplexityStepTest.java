package io.multilens.eval.perplexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelProvider;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eval.perplexity end to end on the tiny-llama fixture: its NLL per predicted token equals the
 * one computed here from the model's logits in double, and a deactivated set changes it.
 */
class PerplexityStepTest {

    @TempDir
    Path dir;

    @Test
    void meanNllIsTheTokenWeightedNegativeLogLikelihood() throws Exception {
        Path model = tinyModel("model", Files.readAllBytes(fixture().resolve("model.safetensors")));
        List<String> lines = List.of("hello there", "a somewhat longer line of text", "ok");
        Files.writeString(dir.resolve("xx.txt"), String.join("\n", lines));
        NeuronGroup ffn = NeuronGroup.parse("layers.1.mlp.ffn");
        new LanguageNeurons(Map.of("xx", NeuronSet.of(Map.of(ffn, new int[] {0, 1, 2, 3, 4, 5, 6, 7}))), Map.of())
                .write(dir.resolve("neurons.json"));

        try (LanguageModel m = new LlamaBackend().load(model, io.multilens.api.model.LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> m;
            Path out = Files.createDirectories(dir.resolve("out"));
            TestStepContext ctx = new TestStepContext(PerplexityStep.INFO, Map.of("model", "model", "languages", List.of("xx"),
                    "corpus", "{lang}.txt", "batch_size", 2L), out, dir, models).input("deactivate", dir.resolve("neurons.json"));
            new PerplexityStep().run(ctx);

            // by hand: -log softmax(logits)[next token], summed over every predicted token, in double
            double sum = 0;
            long tokens = 0;
            try (NDManager scope = m.manager().newSubManager()) {
                for (String line : lines) {
                    int[] ids = m.tokenizer().encode(line);
                    float[] logits = m.logits(scope, new int[][] {ids}, Intervention.NONE).toFloatArray();
                    int v = m.config().vocabSize();
                    for (int t = 0; t + 1 < ids.length; t++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < v; j++) {
                            max = Math.max(max, logits[t * v + j]);
                        }
                        double z = 0;
                        for (int j = 0; j < v; j++) {
                            z += Math.exp(logits[t * v + j] - max);
                        }
                        sum -= logits[t * v + ids[t + 1]] - max - Math.log(z);
                        tokens++;
                    }
                }
            }
            JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
            JsonNode base = metrics.path("results").path("baseline").path("xx");
            assertEquals(tokens, base.path("tokens").asLong());
            assertEquals(3, base.path("documents").asLong());
            assertEquals(sum / tokens, base.path("mean_nll").asDouble(), 1e-5);
            assertEquals(Math.exp(sum / tokens), base.path("perplexity").asDouble(), 1e-4);
            long bytes = lines.stream().mapToLong(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
            assertEquals(bytes, base.path("bytes").asLong(), "the byte-level tokenizer predicts every byte of the line");
            assertEquals(sum / bytes / Math.log(2), base.path("bits_per_byte").asDouble(), 1e-5);
            double ablated = metrics.path("results").path("xx").path("xx").path("mean_nll").asDouble();
            assertTrue(Math.abs(ablated - sum / tokens) > 1e-6, "switching off 8 FFN units changes the NLL");
            JsonNode paired = metrics.path("paired_vs_baseline").path("xx").path("xx");
            assertEquals(ablated - base.path("mean_nll").asDouble(), paired.path("nll_difference").asDouble(), 1e-12);
            assertEquals(3, paired.path("documents").asInt());
            assertEquals((ablated - sum / tokens) / (sum / tokens),
                    metrics.path("relative_nll_change").path("xx").path("xx").asDouble(), 1e-6);
            assertTrue(Files.readString(out.resolve("relative_nll.csv")).startsWith("condition,xx\nbaseline,0.000000\nxx,"));
        }
    }

    /**
     * --cluster's split: one shard per language; the step's merge of the shards' documents.json
     * writes the metrics, CSVs and documents of one run over both languages, to the last bit.
     */
    @Test
    void languageShardsMergeToTheResultsOfOneRun() throws Exception {
        Path model = tinyModel("model", Files.readAllBytes(fixture().resolve("model.safetensors")));
        Files.writeString(dir.resolve("xx.txt"), "hello there\na somewhat longer line of text\nok\n");
        Files.writeString(dir.resolve("yy.txt"), "another language\nwith two lines\n");
        NeuronGroup ffn = NeuronGroup.parse("layers.1.mlp.ffn");
        new LanguageNeurons(Map.of("xx", NeuronSet.of(Map.of(ffn, new int[] {0, 1, 2, 3})),
                "yy", NeuronSet.of(Map.of(ffn, new int[] {4, 5, 6, 7}))), Map.of()).write(dir.resolve("neurons.json"));
        try (LanguageModel m = new LlamaBackend().load(model, io.multilens.api.model.LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> m;
            Map<String, Object> options = Map.of("model", "model", "languages", List.of("xx", "yy"), "corpus", "{lang}.txt",
                    "batch_size", 3L);
            PerplexityStep step = new PerplexityStep();
            Path whole = Files.createDirectories(dir.resolve("whole"));
            step.run(new TestStepContext(PerplexityStep.INFO, options, whole, dir, models).input("deactivate", dir.resolve("neurons.json")));
            TestStepContext planning = new TestStepContext(PerplexityStep.INFO, options, dir, dir, models);
            List<Map<String, Object>> shards = step.shards(planning, 8);
            assertEquals(List.of(Map.of("languages", List.of("xx"), "allow_noop_conditions", true),
                    Map.of("languages", List.of("yy"), "allow_noop_conditions", true)), shards);
            assertEquals(List.of(Map.of("languages", List.of("xx", "yy"), "allow_noop_conditions", true)),
                    step.shards(planning, 1), "one shard: both languages");
            List<Path> outputs = new java.util.ArrayList<>();
            for (Map<String, Object> shard : shards) {
                Map<String, Object> o = new java.util.LinkedHashMap<>(options);
                o.putAll(shard);
                Path out = Files.createDirectories(dir.resolve("shard-" + outputs.size()));
                step.run(new TestStepContext(PerplexityStep.INFO, o, out, dir, models).input("deactivate", dir.resolve("neurons.json")));
                outputs.add(out);
            }
            Path merged = Files.createDirectories(dir.resolve("merged"));
            step.merge(new TestStepContext(PerplexityStep.INFO, options, merged, dir, models).input("deactivate",
                    dir.resolve("neurons.json")), outputs);
            for (String file : List.of("metrics.json", "nll.csv", "relative_nll.csv", "documents.json")) {
                assertEquals(Files.readString(whole.resolve(file)), Files.readString(merged.resolve(file)), file);
            }
        }
    }

    /**
     * Every document's NLL under every condition is the same whether each (document, condition)
     * row has a pass of its own (batch_tokens 1) or all rows share one padded pass.
     */
    @Test
    void rowsPerPassDoNotChangeAnyNll() throws Exception {
        Path model = modelWithTwoSets("hello there\na somewhat longer line of text\nok\nfour lines in all\n");
        try (LanguageModel m = new LlamaBackend().load(model, io.multilens.api.model.LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> m;
            Map<String, DocumentScores.Language> runs = new java.util.LinkedHashMap<>();
            for (long tokens : new long[] {1L, 100_000L}) {
                Path out = Files.createDirectories(dir.resolve("tokens-" + tokens));
                new PerplexityStep().run(new TestStepContext(PerplexityStep.INFO, Map.of("model", "model", "languages", List.of("xx"),
                        "corpus", "{lang}.txt", "batch_tokens", tokens), out, dir, models).input("deactivate", dir.resolve("neurons.json")));
                runs.put("" + tokens, DocumentScores.read(out.resolve("documents.json")).languages().get("xx"));
            }
            DocumentScores.Language alone = runs.get("1");
            DocumentScores.Language together = runs.get("100000");
            assertEquals(java.util.Set.of("baseline", "xx", "yy"), alone.nll().keySet());
            for (String condition : alone.nll().keySet()) {
                double[] a = alone.nll().get(condition);
                double[] b = together.nll().get(condition);
                assertEquals(4, a.length);
                for (int d = 0; d < a.length; d++) {
                    assertEquals(a[d], b[d], 1e-5 * Math.abs(a[d]), condition + " document " + d);
                }
            }
            assertTrue(Math.abs(alone.nll().get("yy")[1] - alone.nll().get("baseline")[1]) > 1e-6, "the q set changes an NLL");
        }
    }

    /**
     * Passes run three at a time (parallel_passes) write the files of passes run one after
     * another, to the last bit: each pass's result is taken in order whichever thread ran it.
     */
    @Test
    void passesRunAtOnceWriteTheResultsOfOneAfterAnother() throws Exception {
        Path model = modelWithTwoSets("hello there\na somewhat longer line of text\nok\nfour lines in all\nand a fifth\n");
        try (LanguageModel m = new LlamaBackend().load(model, io.multilens.api.model.LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> m;
            Map<Long, Path> outs = new java.util.LinkedHashMap<>();
            for (long threads : new long[] {1L, 3L}) {
                Path out = Files.createDirectories(dir.resolve("threads-" + threads));
                new PerplexityStep().run(new TestStepContext(PerplexityStep.INFO, Map.of("model", "model", "languages", List.of("xx"),
                        "corpus", "{lang}.txt", "batch_size", 2L, "parallel_passes", threads), out, dir, models)
                        .input("deactivate", dir.resolve("neurons.json")));
                outs.put(threads, out);
            }
            assertEquals(15, DocumentScores.read(outs.get(1L).resolve("documents.json")).languages().get("xx").nll().values()
                    .stream().mapToInt(a -> a.length).sum(), "5 documents x 3 conditions, 8 passes of 2 rows");
            for (String file : List.of("nll.csv", "relative_nll.csv", "documents.json")) {
                assertEquals(Files.readString(outs.get(1L).resolve(file)), Files.readString(outs.get(3L).resolve(file)), file);
            }
        }
    }

    /** parallel_passes 0: two passes at once for a small model on a CPU with several cores; as asked otherwise. */
    @Test
    void parallelPassesZeroPicksTwoForASmallModelOnACpu() throws Exception {
        Path model = tinyModel("model", Files.readAllBytes(fixture().resolve("model.safetensors")));
        try (LanguageModel m = new LlamaBackend().load(model, io.multilens.api.model.LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> m;
            assertTrue(m.config().hiddenSize() < PerplexityStep.SMALL_HIDDEN);
            java.util.function.BiFunction<String, Long, Integer> threads = (device, asked) -> PerplexityStep.passThreads(
                    new TestStepContext(PerplexityStep.INFO, Map.of("model", "model", "languages", List.of("xx"), "corpus",
                            "{lang}.txt", "device", device, "parallel_passes", asked), dir, dir, models).options(), m);
            assertEquals(Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1, threads.apply("cpu", 0L));
            assertEquals(1, threads.apply("cuda:0", 0L), "a GPU runs one pass at a time");
            assertEquals(3, threads.apply("cpu", 3L));
            assertEquals(1, threads.apply("cpu", 1L));
        }
    }

    /** A NaN weight fails the step, naming the first layer and block where values stop being finite. */
    @Test
    void aNanWeightFailsTheStepNamingTheLayer() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture().resolve("model.safetensors"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) b.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
        long at = header.path("model.layers.2.mlp.down_proj.weight").path("data_offsets").get(0).asLong();
        b.putFloat((int) (8 + headerLength + at), Float.NaN);
        Path model = tinyModel("nan-model", bytes);
        Files.writeString(dir.resolve("xx.txt"), "hello there\nsecond line\n");
        try (LanguageModel m = new LlamaBackend().load(model, io.multilens.api.model.LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> m;
            Path out = Files.createDirectories(dir.resolve("out-nan"));
            TestStepContext ctx = new TestStepContext(PerplexityStep.INFO, Map.of("model", "nan-model", "languages",
                    List.of("xx"), "corpus", "{lang}.txt"), out, dir, models);
            io.multilens.api.status.StepFailure f = org.junit.jupiter.api.Assertions.assertThrows(
                    io.multilens.api.status.StepFailure.class, () -> new PerplexityStep().run(ctx));
            assertTrue(f.getMessage().contains("is NaN") && f.getMessage().contains("layer 2's MLP output"), f.getMessage());
            assertTrue(Files.notExists(out.resolve("metrics.json")));
            TestStepContext atOnce = new TestStepContext(PerplexityStep.INFO, Map.of("model", "nan-model", "languages",
                    List.of("xx"), "corpus", "{lang}.txt", "batch_size", 1L, "parallel_passes", 2L), out, dir, models);
            io.multilens.api.status.StepFailure g = org.junit.jupiter.api.Assertions.assertThrows(
                    io.multilens.api.status.StepFailure.class, () -> new PerplexityStep().run(atOnce));
            assertTrue(g.getMessage().contains("document 0 of 'xx'") && g.getMessage().contains("layer 2's MLP output"),
                    "passes in flight: the first pass's failure, " + g.getMessage());
        }
    }

    /**
     * Conditions that measure nothing fail the step: a set with no neuron, and a set whose only
     * unit cannot matter (its down_proj column is zero in this copy of the model); allowed, they
     * become warnings, and metrics.json records every condition's effect.
     */
    @Test
    void anInterventionThatDoesNothingFailsLoudly() throws Exception {
        byte[] weights = Files.readAllBytes(fixture().resolve("model.safetensors"));
        String down = "model.layers.1.mlp.down_proj.weight";
        long[] shape;
        long begin;
        try (io.multilens.api.data.SafetensorsFile f = io.multilens.api.data.SafetensorsFile.open(fixture().resolve("model.safetensors"))) {
            shape = f.entry(down).shape();
            begin = f.entry(down).begin();
        }
        long dataStart = 8 + java.nio.ByteBuffer.wrap(weights, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (long r = 0; r < shape[0]; r++) {
            int at = (int) (dataStart + begin + (r * shape[1] + 5) * 4);
            java.util.Arrays.fill(weights, at, at + 4, (byte) 0);                 // column 5: unit 5 writes nothing
        }
        Path model = tinyModel("deaf", weights);
        Files.writeString(dir.resolve("xx.txt"), "hello there\na somewhat longer line of text");
        NeuronGroup ffn = NeuronGroup.parse("layers.1.mlp.ffn");
        new LanguageNeurons(Map.of("xx", NeuronSet.empty(), "yy", NeuronSet.of(Map.of(ffn, new int[] {5})),
                "zz", NeuronSet.of(Map.of(ffn, new int[] {6}))), Map.of()).write(dir.resolve("sets.json"));
        try (LanguageModel m = new LlamaBackend().load(model, io.multilens.api.model.LoadOptions.of("cpu"))) {
            ModelProvider models = (d, device, dtype) -> m;
            Path out = Files.createDirectories(dir.resolve("strict"));
            io.multilens.api.status.StepFailure e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.multilens.api.status.StepFailure.class, () -> new PerplexityStep().run(new TestStepContext(PerplexityStep.INFO,
                            Map.of("model", "deaf", "languages", List.of("xx"), "corpus", "{lang}.txt"), out, dir, models)
                            .input("deactivate", dir.resolve("sets.json"))));
            assertTrue(e.getMessage().contains("'xx' switches off no neuron")
                    && e.getMessage().contains("'yy' switches off 1 neurons but no document's NLL changed")
                    && !e.getMessage().contains("'zz'"), e.getMessage());

            Path allowed = Files.createDirectories(dir.resolve("allowed"));
            new PerplexityStep().run(new TestStepContext(PerplexityStep.INFO, Map.of("model", "deaf", "languages", List.of("xx"),
                    "corpus", "{lang}.txt", "allow_noop_conditions", true), allowed, dir, models)
                    .input("deactivate", dir.resolve("sets.json")));
            JsonNode metrics = new ObjectMapper().readTree(allowed.resolve("metrics.json").toFile());
            assertEquals(0, metrics.path("interventions").path("xx").path("neurons").asInt());
            assertEquals(0, metrics.path("interventions").path("yy").path("changed_documents").asInt());
            assertEquals(2, metrics.path("interventions").path("zz").path("changed_documents").asInt());
            assertTrue(metrics.path("config").path("warnings").toString().contains("'yy' switches off 1 neurons"));
        }
    }

    /**
     * The tiny model, {@code lines} as language xx's corpus, and neurons.json with two sets: xx
     * four FFN units of layer 1, yy four query units of layer 0.
     */
    private Path modelWithTwoSets(String lines) throws Exception {
        Path model = tinyModel("model", Files.readAllBytes(fixture().resolve("model.safetensors")));
        Files.writeString(dir.resolve("xx.txt"), lines);
        NeuronGroup ffn = NeuronGroup.parse("layers.1.mlp.ffn");
        NeuronGroup q = NeuronGroup.parse("layers.0.attn.q");
        new LanguageNeurons(Map.of("xx", NeuronSet.of(Map.of(ffn, new int[] {0, 1, 2, 3})),
                "yy", NeuronSet.of(Map.of(q, new int[] {4, 5, 6, 7}))), Map.of()).write(dir.resolve("neurons.json"));
        return model;
    }

    private static Path fixture() {
        return Path.of(System.getProperty("multilens.repo"), "testdata/fixtures/tiny-llama");
    }

    /** The tiny-llama fixture's config with the given weights and a byte-level tokenizer. */
    private Path tinyModel(String name, byte[] weights) throws Exception {
        Path model = Files.createDirectories(dir.resolve(name));
        Files.copy(fixture().resolve("config.json"), model.resolve("config.json"));
        Files.write(model.resolve("model.safetensors"), weights);
        ByteTokenizerJson.write(model.resolve("tokenizer.json"));
        return model;
    }
}
