package io.multilens.plnd.step;

import ai.djl.engine.Engine;
import io.multilens.api.data.CorpusWarnings;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Structure;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Options;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.Shardable;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import io.multilens.plnd.output.ScoreRecorder;
import io.multilens.plnd.score.ImportanceScorer;
import io.multilens.plnd.score.NeuronSpace;
import io.multilens.plnd.score.QkKernel;
import io.multilens.plnd.score.ScoreSink;
import io.multilens.plnd.score.ScoringProbe;
import io.multilens.plnd.score.WeightStats;
import io.multilens.plnd.select.ReleaseKvRows;
import io.multilens.plnd.tally.LanguageTally;
import io.multilens.plnd.tally.TallyFile;
import io.multilens.plnd.tally.TallyingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * PLND (Zhao et al. 2024): scores every neuron of the model on each language's documents, marks
 * those consistently important for a language, removes the ones shared across languages and
 * writes the per-language sets as neurons.json.
 */
@Component(service = Step.class)
public final class PlndStep implements Step, Shardable {

    static final String NAME = "plnd";

    // built once: the validator asks for it often, and reading the version scans manifests
    private static final PluginInfo INFO = info(BundleVersion.release(PlndStep.class));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    private static PluginInfo info(String version) {
        return new PluginInfo(NAME, version, PluginKind.DETECTOR,
                "find language-specific neurons by parallel language-specific neuron detection (PLND)",
                PlndOptions.specs(),
                List.of(),
                List.of(PortSpec.output("neurons", "neurons.json", "language-specific neurons per language"),
                        PortSpec.output("stats", "stats.json",
                                "counts per layer and structure, Jaccard overlap, documents and tokens per language"),
                        PortSpec.output("tallies", "tallies",
                                "tallies/<lang>.safetensors: per neuron, documents active and importance sum (float64), for plnd.merge"),
                        PortSpec.output("scores", "scores",
                                "with save_scores: scores/<lang>.safetensors, raw importances per group [documents, neurons]")));
    }

    @Override
    public void run(StepContext context) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // a first DJL engine lookup under a foreign class loader fails for good (STACK.md)
        thread.setContextClassLoader(Engine.class.getClassLoader());
        try {
            detect(context, PlndSettings.from(context.options()));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void detect(StepContext context, PlndSettings s) throws Exception {
        Path modelDir = Path.of(s.model());
        LanguageModel model = context.models().get(modelDir, s.device(),
                io.multilens.api.plugin.DtypeOption.of(context.options()));
        Set<Structure> structures = EnumSet.copyOf(s.structures());
        structures.retainAll(s.mode().structures());
        if (!structures.equals(s.structures())) {
            context.log().accept("plnd: mode " + s.mode().key() + " does not score " + without(s.structures(), structures)
                    + "; scoring " + structures);
        }
        if (structures.isEmpty()) {
            throw new StepFailure("plnd: nothing to score: mode " + s.mode().key()
                    + " scores none of " + s.structures());
        }
        ImportanceScorer scorer = s.mode().scorer(new WeightStats(model.config(), model::weights), s.qkChunk(), s.qkKernel());
        if (s.qkKernel() == QkKernel.AUTO && !QkKernel.VECTOR_AVAILABLE
                && (structures.contains(Structure.Q) || structures.contains(Structure.K))) {
            context.log().accept("plnd: q/k scores by PyTorch operations: this JVM lacks jdk.incubator.vector"
                    + " (bin/multilens adds it unless MULTILENS_VECTOR=off) or the CPU 256-bit vectors");
        }
        Map<String, LanguageTally> tallies = new LinkedHashMap<>();
        Map<String, Object> corpora = new LinkedHashMap<>();
        List<String> warnings = new java.util.ArrayList<>();
        // the declared 'scores' output exists even when empty, so later steps can always bind it
        Files.createDirectories(context.outputDir().resolve("scores"));
        for (String lang : s.languages()) {
            Path file = LineCorpus.file(Path.of(s.corpus()), lang);
            List<String> texts = LineCorpus.read(file, (int) s.skipDocuments(), s.maxDocuments(), s.sample() ? s.seed() : null);
            List<int[]> ids = LanguageScan.tokenize(model, texts, s.maxTokens());
            CorpusWarnings.shortfall(file, texts.size(), (int) s.skipDocuments(), s.maxDocuments()).ifPresent(warnings::add);
            CorpusWarnings.overLength(lang, ids, model.config().maxPositions()).ifPresent(warnings::add);
            corpora.put(lang, Map.of("path", file.toAbsolutePath().normalize().toString(),
                    "sha256", io.multilens.api.data.Sha256.hex(file)));
            LanguageTally tally = score(context, s, model, scorer, structures, lang, ids);
            tallies.put(lang, tally);
            context.log().accept("plnd: " + lang + ": " + tally.documents() + " documents, " + tally.tokens() + " tokens");
        }
        ReleaseKvRows kvRows = new ReleaseKvRows(s.releaseKvIndex()
                ? model.config().numHeads() / model.config().numKvHeads() : 1);
        Map<String, String> describe = TallyDescription.of(modelDir, s, structures, model.config().numLayers(), kvRows);
        Files.createDirectories(context.outputDir().resolve("tallies"));
        for (LanguageTally tally : tallies.values()) {
            TallyFile.write(io.multilens.api.data.SafeName.inside(context.outputDir().resolve("tallies"), "language code",
                    tally.language() + ".safetensors"), tally, describe);
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("detector", NAME);
        provenance.put("multilens_version", BundleVersion.of(PlndStep.class));
        provenance.put("mode", s.mode().key());
        provenance.put("qk_sweeps", scorer.qkSweeps());      // which kernel ran each layer's q/k sweep
        provenance.put("model", io.multilens.api.model.CheckpointFingerprint.provenance(modelDir));
        provenance.put("corpus", corpora);
        provenance.put("options", context.options().asMap());
        provenance.put("dtype", model.dtype().label());
        provenance.put("warnings", warnings);
        warnings.forEach(w -> context.log().accept("plnd: warning: " + w));
        provenance.put("kv_index_rule", describe.get("kv_index_rule"));
        Results.write(context.outputDir(), tallies, s.selection(), model.config().numLayers(), structures, kvRows, provenance);
    }

    /** Scores one language into a fresh tally, spooling raw scores to scores/<lang>.safetensors when asked. */
    private static LanguageTally score(StepContext context, PlndSettings s, LanguageModel model, ImportanceScorer scorer,
                                       Set<Structure> structures, String lang, List<int[]> documents) throws Exception {
        LanguageTally tally = new LanguageTally(lang);
        ScoreSink tallying = new TallyingSink(tally, s.rules());
        try (ScoreRecorder recorder = s.saveScores() ? new ScoreRecorder(context.outputDir()) : null;
             Progress progress = context.progress("plnd " + lang, documents.size())) {
            ScoreSink sink = recorder == null ? tallying : (g, scores) -> {
                tallying.accept(g, scores);
                recorder.accept(g, scores);
            };
            ScoringProbe probe = new ScoringProbe(scorer, structures, new NeuronSpace(model.config(), sink, s.releaseKvIndex()));
            LanguageScan.run(model, LanguageScan.byLengthInRuns(documents, s.batchSize() * s.sortBatches()), s.batchSize(), probe,
                    tally, progress, context::cancelled);
            if (recorder != null) {
                recorder.write(io.multilens.api.data.SafeName.inside(context.outputDir().resolve("scores"), "language code",
                        lang + ".safetensors"),
                        new java.util.TreeMap<>(Map.of("language", lang, "mode", s.mode().key(), "format", "multilens.plnd-scores/1")));
            }
        }
        return tally;
    }

    /**
     * Per language, document ranges of about equal size (target / languages of them), counted on
     * the documents the corpus really holds and starting at multiples of batch_size x sort_batches: each shard
     * scores one range of one language into its tallies, the very batches one run scores. With
     * fewer shards than languages, groups of whole languages; with {@code sample: true} or
     * {@code save_scores: true}, one shard per language (a sample is drawn from the whole file).
     */
    @Override
    public List<Map<String, Object>> shards(StepContext context, int target) {
        Options o = context.options();
        List<String> languages = o.strings(PlndOptions.LANGUAGES);
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        if (target < languages.size()) {
            for (List<String> group : groups(languages, target)) {
                out.add(Map.of(PlndOptions.LANGUAGES, group));
            }
            return out;
        }
        long skip = o.longValue(PlndOptions.SKIP_DOCUMENTS);
        boolean whole = o.bool(PlndOptions.SAMPLE) || o.bool(PlndOptions.SAVE_SCORES);
        // a range starts where a run of length-sorted batches starts: the shard sorts and batches as one run does
        int batch = Math.max(1, o.intValue(PlndOptions.BATCH_SIZE)) * Math.max(1, o.intValue(PlndOptions.SORT_BATCHES));
        for (String lang : languages) {
            long available = LineCorpus.count(LineCorpus.file(o.path(PlndOptions.CORPUS), lang)) - skip;
            long documents = Math.min(o.intValue(PlndOptions.MAX_DOCUMENTS), Math.max(0, available));
            long batches = -Math.floorDiv(-documents, batch);
            // nothing to split (or nothing there: the shard fails as one run would, naming the file)
            int perLanguage = whole || batches == 0 ? 1
                    : (int) Math.max(1, Math.min(batches, -Math.floorDiv(-target, languages.size())));
            for (int c = 0; c < perLanguage; c++) {
                Map<String, Object> shard = new LinkedHashMap<>();
                shard.put(PlndOptions.LANGUAGES, List.of(lang));
                if (perLanguage > 1) {
                    long from = Math.min(documents, batches * c / perLanguage * batch);
                    long to = Math.min(documents, batches * (c + 1) / perLanguage * batch);
                    shard.put(PlndOptions.SKIP_DOCUMENTS, skip + from);
                    shard.put(PlndOptions.MAX_DOCUMENTS, to - from);
                }
                out.add(shard);
            }
        }
        return out;
    }

    /** {@code items} in {@code count} contiguous groups whose sizes differ by at most one. */
    static <T> List<List<T>> groups(List<T> items, int count) {
        List<List<T>> out = new java.util.ArrayList<>();
        int n = Math.max(1, Math.min(count, items.size()));
        for (int g = 0; g < n; g++) {
            out.add(List.copyOf(items.subList(items.size() * g / n, items.size() * (g + 1) / n)));
        }
        return out;
    }

    /** The shards' tallies added up and selected from, as {@code plnd.merge} does: the result of one run. */
    @Override
    public void merge(StepContext context, List<Path> shardOutputs) throws Exception {
        Options o = context.options();
        // what one run's neurons.json records: the model, each corpus, the weights' type, every warning
        Map<String, Object> provenance = new LinkedHashMap<>();
        Map<String, Object> corpora = new LinkedHashMap<>();
        List<Object> warnings = new java.util.ArrayList<>();
        for (Path shard : shardOutputs) {
            Map<String, Object> p = io.multilens.api.neurons.LanguageNeurons.read(shard.resolve("neurons.json")).provenance();
            provenance.putIfAbsent("model", p.get("model"));
            provenance.putIfAbsent("dtype", p.get("dtype"));
            provenance.putIfAbsent("mode", p.get("mode"));
            if (p.get("corpus") instanceof Map<?, ?> c) {
                c.forEach((k, v) -> corpora.put(String.valueOf(k), v));
            }
            if (p.get("warnings") instanceof List<?> w) {
                warnings.addAll(w);
            }
        }
        provenance.put("corpus", corpora);
        provenance.put("warnings", warnings);
        provenance.put("sharded", shardOutputs.size() + " shards (multilens run --cluster)");
        MergeStep.merge(context, o, shardOutputs.stream().map(p -> p.resolve("tallies")).toList(),
                o.strings(PlndOptions.LANGUAGES), NAME, provenance);
        // save_scores shards are whole languages: their raw scores are the run's
        Path scores = Files.createDirectories(context.outputDir().resolve("scores"));
        for (Path shard : shardOutputs) {
            if (Files.isDirectory(shard.resolve("scores"))) {
                try (java.util.stream.Stream<Path> files = Files.list(shard.resolve("scores"))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, scores.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static Set<Structure> without(Set<Structure> all, Set<Structure> kept) {
        Set<Structure> out = EnumSet.copyOf(all);
        out.removeAll(kept);
        return out;
    }
}
