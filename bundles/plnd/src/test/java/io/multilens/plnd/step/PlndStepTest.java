package io.multilens.plnd.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.status.StepFailure;
import io.multilens.plnd.Fixtures;
import io.multilens.plnd.output.SafetensorsFile;
import io.multilens.plnd.score.ScoreMode;
import io.multilens.plnd.score.ScoringProbe;
import io.multilens.plnd.score.WeightStats;
import io.multilens.testkit.TestStepContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plnd step end to end on a copy of tiny-llama with a byte-level tokenizer and a three
 * language corpus: neurons.json and stats.json are recomputed from the raw scores it saved.
 */
class PlndStepTest {

    private static final List<String> LANGUAGES = List.of("en", "fr", "zh");
    private static final int MAX_TOKENS = 24;
    private static final int MAX_DOCUMENTS = 4;
    private static final Map<String, List<String>> CORPUS = Map.of(
            "en", List.of("The cat sat on the mat.", "", "It rained all day in the city, and nobody went outside.",
                    "Numbers: one, two, three.", "A short line.", "This fifth line is never read."),
            "fr", List.of("Le chat dort sur le tapis.", "Il a plu toute la journée dans la ville.",
                    "Les élèves écoutent le professeur.", "Une phrase courte.", "Ligne jamais lue."),
            "zh", List.of("猫坐在垫子上。", "今天下了一整天的雨。", "学生们在听老师讲课。", "一句短话。", "这一行不会被读取。"));

    @TempDir
    Path base;
    private final FixtureModels models = new FixtureModels();

    @org.junit.jupiter.api.AfterEach
    void closeModels() {
        models.close();
    }

    @BeforeEach
    void prepare() throws Exception {
        Path model = Files.createDirectories(base.resolve("model"));
        Path fixture = Fixtures.dir(Fixtures.LLAMA);
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(fixture.resolve(f), model.resolve(f));
        }
        ByteTokenizerJson.write(model.resolve("tokenizer.json"));
        Path corpus = Files.createDirectories(base.resolve("corpus"));
        for (String lang : LANGUAGES) {
            Files.write(corpus.resolve(lang + ".txt"), CORPUS.get(lang));
        }
    }

    private Map<String, Object> options(Map<String, Object> overrides) {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("model", "model");
        given.put("languages", LANGUAGES);
        given.put("corpus", "corpus/{lang}.txt");
        given.put("max_documents", MAX_DOCUMENTS);
        given.put("max_tokens", MAX_TOKENS);
        given.put("batch_size", 3);
        given.put("qk_chunk", 5);
        given.put("attention_rule", "top_k");
        given.put("attention_value", 3);
        given.put("ffn_rule", "top_fraction");
        given.put("ffn_value", 0.1);
        given.put("min_document_fraction", 0.75);
        given.put("save_scores", true);
        given.putAll(overrides);
        return given;
    }

    private TestStepContext run(Map<String, Object> overrides) throws Exception {
        return runIn("out", overrides);
    }

    private TestStepContext runIn(String folder, Map<String, Object> overrides) throws Exception {
        Path out = Files.createDirectories(base.resolve(folder));
        TestStepContext context = new TestStepContext(new PlndStep().info(), options(overrides), out, base, models);
        new PlndStep().run(context);
        return context;
    }

    /**
     * --cluster's split: per language, ranges starting at batch multiples that cover every
     * document once; the shards' outputs merged by the step itself equal one run over everything.
     */
    @Test
    void shardsCoverEveryDocumentOnceAndMergeToTheWholeRun() throws Exception {
        Map<String, Object> settings = Map.of("batch_size", 3, "save_scores", false, "sort_batches", 1);
        PlndStep step = new PlndStep();
        List<Map<String, Object>> shards = step.shards(context(options(settings)), 6);
        // 3 languages, 2 shards each: 4 documents in batches of 3 -> [0, 3) and [3, 4)
        assertEquals(6, shards.size());
        assertEquals(Map.of("languages", List.of("en"), "skip_documents", 0L, "max_documents", 3L), shards.get(0));
        assertEquals(Map.of("languages", List.of("en"), "skip_documents", 3L, "max_documents", 1L), shards.get(1));
        assertEquals(List.of("zh"), shards.get(5).get("languages"));
        TestStepContext whole = runIn("whole", settings);
        List<Path> outputs = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            Map<String, Object> shard = new LinkedHashMap<>(settings);
            shard.putAll(shards.get(i));
            outputs.add(runIn("shard-" + i, shard).outputDir());
        }
        Path merged = Files.createDirectories(base.resolve("merged"));
        step.merge(new TestStepContext(step.info(), options(settings), merged, base, models), outputs);
        LanguageNeurons expected = LanguageNeurons.read(whole.outputDir().resolve("neurons.json"));
        LanguageNeurons actual = LanguageNeurons.read(merged.resolve("neurons.json"));
        assertEquals(expected.byLanguage(), actual.byLanguage());
        for (String lang : LANGUAGES) {
            for (NeuronGroup g : expected.byLanguage().get(lang).groups()) {
                assertArrayEquals(expected.importance(lang, g), actual.importance(lang, g), 0.0, lang + " " + g + ": same batches, same sums");
            }
        }
        assertEquals(new ObjectMapper().readTree(whole.outputDir().resolve("stats.json").toFile()),
                new ObjectMapper().readTree(merged.resolve("stats.json").toFile()));
        assertTrue(Files.isDirectory(merged.resolve("scores")), "the declared scores output exists");
        // a sample is drawn from a whole file: one shard per language
        Map<String, Object> sampled = new LinkedHashMap<>(options(settings));
        sampled.put("sample", true);
        assertEquals(3, step.shards(context(sampled), 6).size());
        // fewer shards than languages: whole languages, grouped
        assertEquals(List.of(Map.of("languages", List.of("en")), Map.of("languages", List.of("fr", "zh"))),
                step.shards(context(options(settings)), 2));
        // ranges are cut from the documents really there: en has 5 non-blank lines, so max_documents 40 in
        // batches of 3 covers [0, 3) and [3, 5) (a range past the end would fail the shard)
        Map<String, Object> many = new LinkedHashMap<>(options(settings));
        many.put("max_documents", 40);
        List<Map<String, Object>> counted = step.shards(context(many), 6);
        assertEquals(Map.of("languages", List.of("en"), "skip_documents", 3L, "max_documents", 2L), counted.get(1));
    }

    /**
     * Documents sorted by length within runs of batches select the neurons document order selects,
     * with the same importance sums up to float rounding (a document's scores do not depend on the
     * padding of its batch); shard ranges start at run boundaries.
     */
    @Test
    void lengthSortedBatchesSelectWhatDocumentOrderSelects() throws Exception {
        Map<String, Object> inOrder = Map.of("batch_size", 2, "save_scores", false, "sort_batches", 1);
        Map<String, Object> sorted = Map.of("batch_size", 2, "save_scores", false, "sort_batches", 2);
        LanguageNeurons expected = LanguageNeurons.read(runIn("in-order", inOrder).outputDir().resolve("neurons.json"));
        LanguageNeurons actual = LanguageNeurons.read(runIn("sorted", sorted).outputDir().resolve("neurons.json"));
        assertSameSelection(expected, actual);
        // 4 documents, runs of 2 batches of 2: one range per language, not two
        Map<String, Object> runs = new LinkedHashMap<>(options(sorted));
        runs.put("max_documents", 8);
        List<Map<String, Object>> shards = new PlndStep().shards(context(runs), 6);
        assertEquals(Map.of("languages", List.of("en"), "skip_documents", 0L, "max_documents", 4L), shards.get(0),
                "en has 5 documents: [0, 4) and [4, 5)");
        assertEquals(Map.of("languages", List.of("en"), "skip_documents", 4L, "max_documents", 1L), shards.get(1));
    }

    /** The vector kernel and PyTorch's operations select the same neurons, with importance sums within 1e-5; provenance says which ran. */
    @Test
    void eitherQkKernelSelectsTheSameNeurons() throws Exception {
        LanguageNeurons torch = LanguageNeurons.read(runIn("torch", Map.of("save_scores", false, "qk_kernel", "torch"))
                .outputDir().resolve("neurons.json"));
        LanguageNeurons vector = LanguageNeurons.read(runIn("vector", Map.of("save_scores", false))
                .outputDir().resolve("neurons.json"));
        Map<?, ?> torchSweeps = (Map<?, ?>) torch.provenance().get("qk_sweeps");
        Map<?, ?> vectorSweeps = (Map<?, ?>) vector.provenance().get("qk_sweeps");
        assertEquals(0, ((Number) torchSweeps.get("vector")).intValue());
        assertTrue(((Number) torchSweeps.get("torch")).intValue() > 0, torchSweeps.toString());
        assertEquals(0, ((Number) vectorSweeps.get("torch")).intValue());
        assertEquals(((Number) torchSweeps.get("torch")).intValue(), ((Number) vectorSweeps.get("vector")).intValue(),
                "every layer's q and k sweep of every batch, one way or the other");
        assertTrue(assertSameSelection(torch, vector), "q/k importances round differently: the vector kernel ran");
    }

    /**
     * Something selected, the same neurons, mean importances within 1e-5; returns whether an
     * attention importance differs at all (rounding).
     */
    private static boolean assertSameSelection(LanguageNeurons expected, LanguageNeurons actual) {
        assertTrue(expected.byLanguage().values().stream().anyMatch(s -> !s.isEmpty()), "something selected");
        assertEquals(expected.byLanguage(), actual.byLanguage());
        boolean rounding = false;
        for (String lang : LANGUAGES) {
            for (NeuronGroup g : expected.byLanguage().get(lang).groups()) {
                double[] e = expected.importance(lang, g);
                double[] a = actual.importance(lang, g);
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 1e-5 * Math.abs(e[i]) + 1e-9, lang + " " + g + " " + i);
                    rounding |= g.structure().isAttention() && e[i] != a[i];
                }
            }
        }
        return rounding;
    }

    @Test
    void runsAreSortedByLengthInPlace() {
        List<int[]> docs = List.of(new int[3], new int[1], new int[2], new int[5], new int[4]);
        List<int[]> sorted = LanguageScan.byLengthInRuns(docs, 2);
        assertEquals(List.of(1, 3, 2, 5, 4), sorted.stream().map(d -> d.length).toList(), "runs [3 1] [2 5] [4]");
        assertEquals(docs, LanguageScan.byLengthInRuns(docs, 1));
    }

    private TestStepContext context(Map<String, Object> options) {
        return new TestStepContext(new PlndStep().info(), options, base.resolve("unused"), base, models);
    }

    /** release-index tallies stay in query-head space; plnd.merge maps them to rows as plnd does. */
    @Test
    void releaseIndexShardsMergeToTheWholeCorpusResult() throws Exception {
        mergesToTheWhole("release-", Map.of("batch_size", 1, "save_scores", false, "mode", "release-code",
                "kv_index_rule", "release-index", "structures", List.of("q", "k", "v")));
    }

    /** Runs the whole corpus and two shards with {@code options}, merges the shards; returns the first shard. */
    private TestStepContext mergesToTheWhole(String prefix, Map<String, Object> options) throws Exception {
        TestStepContext whole = runIn(prefix + "whole", options);
        Map<String, Object> first = new LinkedHashMap<>(options);
        first.put("max_documents", 2);
        TestStepContext a = runIn(prefix + "shard-a", first);
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("skip_documents", 2);
        TestStepContext b = runIn(prefix + "shard-b", second);

        Map<String, Object> merge = new LinkedHashMap<>();
        merge.put("shards", List.of(a.outputDir().resolve("tallies").toString(), b.outputDir().resolve("tallies").toString()));
        merge.put("min_document_fraction", 0.75);
        TestStepContext merged = new TestStepContext(new MergeStep().info(), merge,
                Files.createDirectories(base.resolve(prefix + "merged")), base, models);
        new MergeStep().run(merged);

        LanguageNeurons expected = LanguageNeurons.read(whole.outputDir().resolve("neurons.json"));
        LanguageNeurons actual = LanguageNeurons.read(merged.outputDir().resolve("neurons.json"));
        assertTrue(expected.byLanguage().values().stream().anyMatch(s -> !s.isEmpty()), "something selected");
        assertEquals(expected.byLanguage(), actual.byLanguage());
        assertEquals(expected.shared(), actual.shared());
        for (String lang : LANGUAGES) {
            for (NeuronGroup g : expected.byLanguage().get(lang).groups()) {
                assertArrayEquals(expected.importance(lang, g), actual.importance(lang, g), 1e-5, lang + " " + g);
            }
        }
        JsonNode stats = new ObjectMapper().readTree(merged.outputDir().resolve("stats.json").toFile());
        JsonNode wholeStats = new ObjectMapper().readTree(whole.outputDir().resolve("stats.json").toFile());
        assertEquals(wholeStats.path("languages").path("en").path("documents"), stats.path("languages").path("en").path("documents"));
        assertEquals(wholeStats.path("languages").path("zh").path("tokens"), stats.path("languages").path("zh").path("tokens"));
        assertEquals(wholeStats.path("languages").path("fr").path("per_layer"), stats.path("languages").path("fr").path("per_layer"));
        return a;
    }

    /** Scale-out: two shards' tallies, merged, select what one pass over all documents selects. */
    @Test
    void shardsMergeToTheWholeCorpusResult() throws Exception {
        Map<String, Object> oneByOne = Map.of("batch_size", 1, "save_scores", false);
        Map<String, Object> first = new LinkedHashMap<>(oneByOne);
        first.put("max_documents", 2);
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("skip_documents", 2);
        TestStepContext a = mergesToTheWhole("", oneByOne);

        // a shard counted with other rules is refused, naming what differs
        Map<String, Object> otherRules = new LinkedHashMap<>(second);
        otherRules.put("ffn_rule", "top_k");
        otherRules.put("ffn_value", 5);
        TestStepContext c = runIn("shard-c", otherRules);
        Map<String, Object> merge = new LinkedHashMap<>();
        merge.put("min_document_fraction", 0.75);
        merge.put("shards", List.of(a.outputDir().resolve("tallies").toString(), c.outputDir().resolve("tallies").toString()));
        TestStepContext refused = new TestStepContext(new MergeStep().info(), merge, Files.createDirectories(base.resolve("refused")),
                base, models);
        StepFailure e = assertThrows(StepFailure.class, () -> new MergeStep().run(refused));
        assertTrue(e.getMessage().contains("counted differently") && e.getMessage().contains("ffn_rule"), e.getMessage());
    }

    @Test
    void neuronsAndStatsFollowFromTheSavedScores() throws Exception {
        TestStepContext context = run(Map.of());
        Path out = context.outputDir();
        Map<String, NeuronSet> specific = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            SafetensorsFile scores = SafetensorsFile.read(out.resolve("scores").resolve(lang + ".safetensors"));
            assertEquals(4 * 4, scores.names().size(), "4 layers x q, k, v, ffn: o is not scored by default");
            assertTrue(scores.names().stream().noneMatch(n -> n.contains(".attn.o")), scores.names().toString());
            specific.put(lang, specificFrom(scores));
            assertEquals(MAX_DOCUMENTS, context.advanced().get("plnd " + lang));
        }
        NeuronSet common = specific.get("en").intersect(specific.get("fr")).intersect(specific.get("zh"));
        LanguageNeurons neurons = LanguageNeurons.read(out.resolve("neurons.json"));
        assertEquals(LANGUAGES, List.copyOf(neurons.byLanguage().keySet()));
        long total = 0;
        for (String lang : LANGUAGES) {
            assertEquals(specific.get(lang).minus(common), neurons.byLanguage().get(lang), lang);
            total += neurons.byLanguage().get(lang).size();
        }
        assertTrue(total > 0, "some neurons selected");
        assertEquals(common, neurons.shared(), "what overlap removal took out is recorded as shared");
        for (String lang : LANGUAGES) {
            SafetensorsFile scores = SafetensorsFile.read(out.resolve("scores").resolve(lang + ".safetensors"));
            NeuronSet set = neurons.byLanguage().get(lang);
            for (NeuronGroup g : set.groups()) {
                int[] idx = set.indices(g);
                double[] mean = neurons.importance(lang, g);
                for (int j = 0; j < idx.length; j++) {
                    double sum = 0;
                    for (int d = 0; d < MAX_DOCUMENTS; d++) {
                        sum += scores.row(g.key(), d)[idx[j]];
                    }
                    assertEquals(sum / MAX_DOCUMENTS, mean[j], 1e-6 * Math.abs(sum), lang + " " + g + " mean importance");
                }
            }
        }
        checkStats(new ObjectMapper().readTree(out.resolve("stats.json").toFile()), specific, neurons);
        checkProvenance(neurons.provenance());
    }

    /** The step's stored scores are the scorer's, in corpus order (first document re-scored alone). */
    @Test
    void savedScoresAreThoseOfEachDocument() throws Exception {
        TestStepContext context = run(Map.of("languages", List.of("fr"), "overlap", "none"));
        SafetensorsFile scores = SafetensorsFile.read(context.outputDir().resolve("scores").resolve("fr.safetensors"));
        LanguageModel model = context.models().get(base.resolve("model"), "cpu");
        for (int d : new int[] {0, 3}) {
            int[] ids = tokens(CORPUS.get("fr").get(d));
            Map<NeuronGroup, float[]> alone = new TreeMap<>();
            ScoringProbe probe = new ScoringProbe(
                    ScoreMode.PAPER.scorer(new WeightStats(model.config(), model::weights), 16),
                    java.util.EnumSet.of(io.multilens.api.neurons.Structure.Q, io.multilens.api.neurons.Structure.K,
                            io.multilens.api.neurons.Structure.V, io.multilens.api.neurons.Structure.FFN),
                    (g, rows) -> alone.put(g, rows[0]));
            try (NDManager scope = model.manager().newSubManager()) {
                model.trace(scope, new int[][] {ids}, Intervention.NONE, probe);
            }
            alone.forEach((g, want) -> {
                float[] got = scores.row(g.key(), d);
                double scale = 0;
                for (float w : want) {
                    scale = Math.max(scale, Math.abs(w));
                }
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-4 * scale, g + "[" + i + "] of document " + d);
                }
            });
        }
    }

    @Test
    void releaseCodeModeSkipsOAndReportsKInKeyValueRows() throws Exception {
        TestStepContext context = run(Map.of("mode", "release-code", "structures", List.of("q", "k", "o"),
            "overlap", "none", "save_scores", false));
        assertTrue(context.lines().stream().anyMatch(l -> l.contains("does not score [O]")), context.lines().toString());
        LanguageNeurons neurons = LanguageNeurons.read(context.outputDir().resolve("neurons.json"));
        int kvDim = 2 * 16;
        for (NeuronSet set : neurons.byLanguage().values()) {
            for (NeuronGroup g : set.groups()) {
                assertTrue(g.structure() == Structure.Q || g.structure() == Structure.K, g.key());
                if (g.structure() == Structure.K) {
                    assertTrue(IntStream.of(set.indices(g)).allMatch(i -> i < kvDim), g + " in k_proj rows");
                }
            }
        }
        try (var files = Files.list(context.outputDir().resolve("scores"))) {
            assertEquals(0, files.count(), "no scores unless save_scores");
        }
    }

    /**
     * kv_index_rule release-index on tiny-llama (4 query heads, 2 key/value heads): k and v are
     * ranked among the 4*16 query-head entries (the saved scores), selected there, and entry i
     * becomes row i / 2; q is untouched.
     */
    @Test
    void releaseIndexRanksKAndVPerQueryHeadThenDividesByTheGroupSize() throws Exception {
        TestStepContext context = run(Map.of("mode", "release-code", "kv_index_rule", "release-index",
                "structures", List.of("q", "k", "v"), "overlap", "none"));
        LanguageNeurons neurons = LanguageNeurons.read(context.outputDir().resolve("neurons.json"));
        long mappedKv = 0;
        for (String lang : LANGUAGES) {
            SafetensorsFile scores = SafetensorsFile.read(context.outputDir().resolve("scores").resolve(lang + ".safetensors"));
            assertEquals(4 * 16, scores.shape("layers.0.attn.k")[1], "k scored per query head");
            NeuronSet queryHeadSpace = specificFrom(scores);
            Map<NeuronGroup, int[]> rows = new TreeMap<>();
            for (NeuronGroup g : queryHeadSpace.groups()) {
                int[] i = queryHeadSpace.indices(g);
                rows.put(g, g.structure() == Structure.Q ? i : IntStream.of(i).map(x -> x / 2).distinct().sorted().toArray());
                mappedKv += g.structure() == Structure.Q ? 0 : i.length;
            }
            assertEquals(NeuronSet.of(rows), neurons.byLanguage().get(lang), lang);
        }
        assertTrue(mappedKv > 0, "some k/v entries selected");
        assertEquals("release-index:2", neurons.provenance().get("kv_index_rule"));
        // with overlap removal: stats count the rows neurons.json holds, and no row is both a language's and shared
        TestStepContext overlapping = runIn("overlap", Map.of("mode", "release-code", "kv_index_rule", "release-index",
                "structures", List.of("q", "k", "v"), "overlap", "all-languages", "min_document_fraction", 0.5));
        LanguageNeurons withOverlap = LanguageNeurons.read(overlapping.outputDir().resolve("neurons.json"));
        JsonNode stats = new ObjectMapper().readTree(overlapping.outputDir().resolve("stats.json").toFile());
        assertTrue(!withOverlap.shared().isEmpty(), "overlap removal took some neurons out");
        for (String lang : LANGUAGES) {
            NeuronSet set = withOverlap.byLanguage().get(lang);
            assertEquals(set.size(), stats.get("languages").get(lang).get("selected").asLong(), lang);
            assertTrue(set.intersect(withOverlap.shared()).isEmpty(), lang + " and shared are disjoint");
        }
        // the default ranks rows: k scores saved per k_proj row
        TestStepContext sum = runIn("sum", Map.of("mode", "release-code", "structures", List.of("q", "k", "v"), "overlap", "none"));
        SafetensorsFile rowScores = SafetensorsFile.read(sum.outputDir().resolve("scores").resolve("en.safetensors"));
        assertEquals(2 * 16, rowScores.shape("layers.0.attn.k")[1]);
        StepFailure paper = assertThrows(StepFailure.class, () -> runIn("paper", Map.of("kv_index_rule", "release-index")));
        assertTrue(paper.getMessage().contains("'kv_index_rule'") && paper.getMessage().contains("release-code"),
                paper.getMessage());
    }

    @Test
    void badOptionsFailNamingTheOption() {
        StepFailure english = assertThrows(StepFailure.class,
                () -> run(Map.of("languages", List.of("fr", "zh"), "overlap", "english")));
        assertTrue(english.getMessage().contains("'overlap"), english.getMessage());
        StepFailure pattern = assertThrows(StepFailure.class, () -> run(Map.of("corpus", "corpus/en.txt")));
        assertTrue(pattern.getMessage().contains("'corpus'"), pattern.getMessage());
        StepFailure rule = assertThrows(StepFailure.class, () -> run(Map.of("attention_value", 0)));
        assertTrue(rule.getMessage().contains("'attention_rule'"), rule.getMessage());
        StepFailure kernel = assertThrows(StepFailure.class, () -> run(Map.of("qk_kernel", "cuda")));
        assertTrue(kernel.getMessage().contains("'qk_kernel'"), kernel.getMessage());
    }

    /** Recomputes, from the raw scores, which neurons were in their group's top set in >= 75% of documents. */
    private static NeuronSet specificFrom(SafetensorsFile scores) {
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        for (String name : scores.names()) {
            NeuronGroup g = NeuronGroup.parse(name);
            long[] shape = scores.shape(name);
            assertEquals(MAX_DOCUMENTS, shape[0], name);
            int n = (int) shape[1];
            int k = g.structure().isAttention() ? 3 : (int) Math.ceil(0.1 * n);
            int[] count = new int[n];
            for (int d = 0; d < shape[0]; d++) {
                float[] row = scores.row(name, d);
                IntStream.range(0, n).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -row[i]))
                        .limit(k)
                        .forEach(i -> count[i]++);
            }
            out.put(g, IntStream.range(0, n).filter(i -> count[i] >= 3).toArray());
        }
        return NeuronSet.of(out);
    }

    private static void checkStats(JsonNode stats, Map<String, NeuronSet> specific, LanguageNeurons neurons) {
        for (String lang : LANGUAGES) {
            JsonNode l = stats.get("languages").get(lang);
            NeuronSet set = neurons.byLanguage().get(lang);
            assertEquals(MAX_DOCUMENTS, l.get("documents").asInt(), lang);
            long tokens = CORPUS.get(lang).stream().filter(s -> !s.isBlank()).limit(MAX_DOCUMENTS)
                    .mapToLong(s -> Math.min(MAX_TOKENS, s.getBytes(StandardCharsets.UTF_8).length + 1)).sum();
            assertEquals(tokens, l.get("tokens").asLong(), lang + " tokens");
            assertEquals(specific.get(lang).size(), l.get("specific").asLong(), lang);
            assertEquals(set.size(), l.get("selected").asLong(), lang);
            Map<String, Long> perStructure = new HashMap<>();
            for (int layer = 0; layer < 4; layer++) {
                for (Structure s : Structure.values()) {
                    int count = set.count(new NeuronGroup(layer, s));
                    JsonNode cell = l.get("per_layer").get(layer).get(s.key());   // structures not scored are absent
                    assertEquals(count, cell == null ? 0 : cell.asInt(), lang + " " + layer + " " + s);
                    perStructure.merge(s.key(), (long) count, Long::sum);
                }
            }
            perStructure.forEach((s, n) -> assertEquals(n, l.get("per_structure").path(s).asLong(0), lang + " " + s));
            for (String other : LANGUAGES) {
                if (!other.equals(lang)) {
                    NeuronSet o = neurons.byLanguage().get(other);
                    long union = set.union(o).size();
                    double want = union == 0 ? 0 : (double) set.intersect(o).size() / union;
                    assertEquals(want, stats.get("jaccard").get(lang).get(other).asDouble(), 1e-12);
                }
            }
        }
    }

    private void checkProvenance(Map<String, Object> provenance) throws Exception {
        assertEquals("plnd", provenance.get("detector"));
        assertEquals(0, ((Number) ((Map<?, ?>) provenance.get("qk_sweeps")).get("torch")).intValue(),
                "the test JVM has jdk.incubator.vector");
        assertTrue(String.valueOf(provenance.get("multilens_version")).startsWith("0.1.0"), provenance.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) provenance.get("model");
        assertEquals(sha256(base.resolve("model/config.json")), model.get("config_sha256"));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) model.get("safetensors_header_sha256");
        assertEquals(List.of("model.safetensors"), new ArrayList<>(headers.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> corpus = (Map<String, Map<String, Object>>) provenance.get("corpus");
        for (String lang : LANGUAGES) {
            assertEquals(sha256(base.resolve("corpus/" + lang + ".txt")), corpus.get(lang).get("sha256"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) provenance.get("options");
        assertEquals("paper", options.get("mode"));
        assertEquals(0.75, ((Number) options.get("min_document_fraction")).doubleValue());
    }

    /** The byte-level tokenizer's ids: BOS, then 3 + each UTF-8 byte, cut to MAX_TOKENS. */
    private static int[] tokens(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[Math.min(MAX_TOKENS, bytes.length + 1)];
        ids[0] = ByteTokenizerJson.BOS;
        for (int i = 1; i < ids.length; i++) {
            ids[i] = ByteTokenizerJson.FIRST_BYTE + (bytes[i - 1] & 0xFF);
        }
        return ids;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
