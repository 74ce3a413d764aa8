package io.multilens.eval.perplexity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.data.CorpusWarnings;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.NonFinite;
import io.multilens.api.neurons.Condition;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.Shardable;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: eval.perplexity} — mean negative log-likelihood per predicted token and
 * perplexity of each language's text, for the baseline and for every neuron set switched off.
 * The first token of a document is not predicted.
 */
@Component(service = Step.class)
public final class PerplexityStep implements Step, Shardable {

    /** Below this hidden size a forward pass's operations are too small to keep a CPU's cores busy. */
    static final int SMALL_HIDDEN = 512;

    static final PluginInfo INFO = new PluginInfo("eval.perplexity", BundleVersion.release(PerplexityStep.class), PluginKind.EVALUATOR,
            "Per-language NLL and perplexity, plainly and with neuron sets deactivated",
            List.of(
                    OptionSpec.required("model", OptionType.PATH, "Hugging Face checkpoint folder"),
                    OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                    io.multilens.api.plugin.DtypeOption.spec(),
                    OptionSpec.required("languages", OptionType.LIST, "languages to evaluate"),
                    OptionSpec.required("corpus", OptionType.PATH, "text per language, one document per line; {lang} is replaced"),
                    OptionSpec.optional("skip_documents", OptionType.INTEGER, 0L, "documents to skip at the start of each file").withRange(0.0, null),
                    OptionSpec.optional("max_documents", OptionType.INTEGER, 100L, "documents per language (0: all)").withRange(0.0, null),
                    OptionSpec.optional("max_tokens", OptionType.INTEGER, 512L, "tokens per document, the rest cut").withRange(2.0, null),
                    OptionSpec.optional("batch_size", OptionType.INTEGER, 8L,
                            "most rows per forward pass; a row is one document under one condition (8: a pass holds one"
                                    + " or two documents, whose NLLs then do not depend on the process's thread count; larger"
                                    + " passes of padded documents move them by ~1e-10 between a 1- and a 2-thread process)")
                            .withRange(1.0, null),
                    OptionSpec.optional("batch_tokens", OptionType.INTEGER, 4096L,
                            "most padded tokens per forward pass (rows x the longest row; a longer row goes alone): bounds"
                                    + " a pass's memory, mostly the float32 logits and their log-softmax, 8 x tokens x"
                                    + " vocabulary bytes (the default: 4.2 GB at Llama-3's 128,256), times the passes in"
                                    + " flight (parallel_passes)").withRange(1.0, null),
                    OptionSpec.optional("parallel_passes", OptionType.INTEGER, 0L,
                            "forward passes run at once, each on a thread of its own; results are the same. A small"
                                    + " model's passes are too many tiny operations to keep a CPU's cores busy (the embedded"
                                    + " model: 1.2x with 2); a larger one gains nothing, and every pass in flight holds its"
                                    + " own activations. 0: 2 on a CPU with several cores for a hidden size under "
                                    + SMALL_HIDDEN + ", else 1").withRange(0.0, null),
                    new OptionSpec("deactivate_mode", OptionType.STRING, "each",
                            "with a 'deactivate' input: each set on its own, their union, or per language its own set",
                            Condition.MODES, false),
                    OptionSpec.optional("include_baseline", OptionType.BOOLEAN, true, "also evaluate with nothing deactivated"),
                    OptionSpec.optional("allow_noop_conditions", OptionType.BOOLEAN, false,
                            "record a condition that switches off no neuron, or changes no document's NLL, as a warning"
                                    + " instead of failing the step")),
            List.of(PortSpec.input("deactivate", false, "neurons.json of a plnd or ablate step")),
            List.of(PortSpec.output("metrics", "metrics.json", "per condition and language: documents, tokens, mean_nll (± stderr), perplexity"),
                    PortSpec.output("matrix", "relative_nll.csv", "rows: condition, columns: language, cells: relative NLL change vs baseline"),
                    PortSpec.output("documents", "documents.json", "per language, each document's predicted tokens, the bytes they stand for"
                            + " and NLL under every condition: what the metrics are computed from")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        LanguageModel model = context.models().get(o.path("model"), o.string("device"),
                io.multilens.api.plugin.DtypeOption.of(o));
        List<String> languages = o.strings("languages");
        List<Condition> conditions = conditions(context);
        Map<String, int[][]> documents = new LinkedHashMap<>();
        List<String> warnings = new java.util.ArrayList<>();
        for (String lang : languages) {
            Path file = LineCorpus.file(o.path("corpus"), lang);
            List<String> lines = LineCorpus.read(file, o.intValue("skip_documents"), o.intValue("max_documents"), null);
            documents.put(lang, tokenize(model, lines, o.intValue("max_tokens")));
            CorpusWarnings.shortfall(file, lines.size(), o.intValue("skip_documents"), o.intValue("max_documents"))
                    .ifPresent(warnings::add);
            CorpusWarnings.overLength(lang, List.of(documents.get(lang)), model.config().maxPositions())
                    .ifPresent(warnings::add);
        }
        warnings.forEach(w -> context.log().accept("eval.perplexity: warning: " + w));
        Map<String, DocumentScores.Language> scored = new LinkedHashMap<>();
        for (String lang : languages) {
            scored.put(lang, evaluate(context, model, documents.get(lang), conditions, lang,
                    new PassSize(o.intValue("batch_size"), o.intValue("batch_tokens")), passThreads(o, model)));
        }
        finish(context, conditions, new DocumentScores(scored, warnings, model.dtype().label()));
    }

    /**
     * parallel_passes, 0 resolved: two passes at once where a pass leaves the cores idle (measured
     * on this project's 2-core machine: 1.2x at hidden 128, nothing at 512; docs/results.md).
     */
    static int passThreads(Options o, LanguageModel model) {
        int asked = o.intValue("parallel_passes");
        if (asked > 0) {
            return asked;
        }
        boolean small = model.config().hiddenSize() < SMALL_HIDDEN;
        return small && o.string("device").startsWith("cpu") && Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1;
    }

    /**
     * Whole languages, one per shard or grouped into {@code target} shards: a language's documents
     * share batches, so its NLLs are those of one run.
     */
    @Override
    public List<Map<String, Object>> shards(StepContext context, int target) {
        List<String> languages = context.options().strings("languages");
        int n = Math.max(1, Math.min(target, languages.size()));
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int g = 0; g < n; g++) {
            // whether a condition changed anything is a question about all languages: the merge asks it
            out.add(Map.of("languages", List.copyOf(languages.subList(languages.size() * g / n, languages.size() * (g + 1) / n)),
                    "allow_noop_conditions", true));
        }
        return out;
    }

    /** The shards' documents.json, in the languages' order, give every result a single run gives. */
    @Override
    public void merge(StepContext context, List<Path> shardOutputs) throws Exception {
        Map<String, DocumentScores.Language> scored = new LinkedHashMap<>();
        List<String> warnings = new java.util.ArrayList<>();
        String dtype = null;
        for (Path shard : shardOutputs) {
            DocumentScores s = DocumentScores.read(shard.resolve("documents.json"));
            scored.putAll(s.languages());
            warnings.addAll(s.warnings());
            dtype = s.loadedDtype();
        }
        Map<String, DocumentScores.Language> ordered = new LinkedHashMap<>();
        for (String lang : context.options().strings("languages")) {
            ordered.put(lang, scored.get(lang));
        }
        finish(context, conditions(context), new DocumentScores(ordered, warnings, dtype));
    }

    private static List<Condition> conditions(StepContext context) {
        Options o = context.options();
        return Condition.fromFile(context.input("deactivate").orElse(null), o.string("deactivate_mode"), o.bool("include_baseline"));
    }

    /** From every document's NLL to metrics.json, nll.csv, relative_nll.csv and documents.json. */
    private static void finish(StepContext context, List<Condition> conditions, DocumentScores scores) throws Exception {
        Options o = context.options();
        List<String> languages = o.strings("languages");
        List<String> warnings = new java.util.ArrayList<>(scores.warnings());
        Map<String, Map<String, NllTally>> results = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> perDocument = new LinkedHashMap<>();
        Map<String, long[]> predicted = new LinkedHashMap<>();
        for (Condition c : conditions) {
            results.put(c.name(), new LinkedHashMap<>());
            perDocument.put(c.name(), new LinkedHashMap<>());
        }
        for (String lang : languages) {
            DocumentScores.Language l = scores.languages().get(lang);
            if (l == null) {
                throw new StepFailure("eval.perplexity: no document scores for '" + lang + "' among the shards");
            }
            for (Condition c : conditions) {
                double[] nll = l.nll().get(c.name());
                if (nll == null) {
                    throw new StepFailure("eval.perplexity: the scores of '" + lang + "' have no condition '" + c.name()
                            + "' (they have " + l.nll().keySet() + "): its shard ran with another 'deactivate' input");
                }
                NllTally tally = new NllTally();
                for (int d = 0; d < nll.length; d++) {
                    tally.add(nll[d], l.tokens()[d], l.bytes()[d]);
                }
                results.get(c.name()).put(lang, tally);
                perDocument.get(c.name()).put(lang, nll);
            }
            predicted.put(lang, l.tokens());
        }
        Map<String, InterventionCheck.Effect> effects = InterventionCheck.effects(conditions, languages, perDocument);
        List<String> noOps = InterventionCheck.noOps(effects);
        if (!o.bool("include_baseline") && conditions.size() > 0) {
            warnings.add("include_baseline is false: whether each condition changed any NLL could not be checked");
        }
        if (o.bool("allow_noop_conditions")) {
            noOps.forEach(n -> warnings.add("condition " + n));
            noOps.forEach(n -> context.log().accept("eval.perplexity: warning: condition " + n));
        } else {
            InterventionCheck.requireEffect(noOps, context.input("deactivate").orElse(null));
        }
        PerplexityReport report = new PerplexityReport(languages, results);
        report.pairWithBaseline(perDocument, predicted);
        Map<String, Object> metrics = report.metrics(config(o, scores.loadedDtype(), warnings));
        Map<String, Object> interventions = new LinkedHashMap<>();
        effects.forEach((name, e) -> interventions.put(name, e.json()));
        metrics.put("interventions", interventions);
        Files.writeString(context.outputDir().resolve("metrics.json"), new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics));
        Files.writeString(context.outputDir().resolve("nll.csv"), report.nllCsv());
        Files.writeString(context.outputDir().resolve("relative_nll.csv"), report.relativeCsv());
        scores.write(context.outputDir().resolve("documents.json"));
        context.log().accept(report.table() + report.specificityTable());
    }

    /** The bytes each document's predicted tokens (all but the first) stand for, from their own vocabulary pieces. */
    private static long[] predictedBytes(LanguageModel model, int[][] docs) {
        long[] out = new long[docs.length];
        for (int i = 0; i < docs.length; i++) {
            // the whole document's bytes less its first token's (a BOS: none), each counted as opening the text
            out[i] = docs[i].length == 0 ? 0 : model.tokenizer().bytes(docs[i]) - model.tokenizer().bytes(new int[] {docs[i][0]});
        }
        return out;
    }

    /** The options, with what the results depend on beyond them: the weights' type and any warning. */
    private static Map<String, Object> config(Options o, String loadedDtype, List<String> warnings) {
        Map<String, Object> config = new LinkedHashMap<>(o.asMap());
        config.put("loaded_dtype", loadedDtype);
        config.put("warnings", warnings);
        return config;
    }

    private static int[][] tokenize(LanguageModel model, List<String> lines, int maxTokens) {
        int[][] docs = new int[lines.size()][];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = model.tokenizer().encode(lines.get(i), maxTokens);
        }
        return docs;
    }

    /**
     * Every condition on every document of one language. Rows of a forward pass are (document,
     * condition) pairs, each with its own neurons off: a document under all conditions shares one
     * pass and needs no padding. Returns each document's NLL per condition, its predicted tokens
     * and the bytes they stand for (the tallies here only feed the progress line).
     */
    private static DocumentScores.Language evaluate(StepContext context, LanguageModel model, int[][] docs,
                                                    List<Condition> conditions, String lang, PassSize size, int threads) {
        double[][] nllOut = new double[conditions.size()][docs.length];
        long[] tokensOut = new long[docs.length];
        List<NllTally> tallies = new java.util.ArrayList<>();
        conditions.forEach(c -> tallies.add(new NllTally()));
        long[] bytes = predictedBytes(model, docs);
        List<NeuronSet> sets = conditions.stream().map(c -> c.neurons().apply(lang)).toList();
        long pairs = (long) docs.length * conditions.size();
        List<long[]> passes = new java.util.ArrayList<>();                 // {first pair, rows}
        for (long start = 0; start < pairs; ) {
            int n = size.rows(start, pairs, pair -> docs[(int) (pair / conditions.size())].length);
            passes.add(new long[] {start, n});
            start += n;
        }
        try (Progress progress = context.progress("perplexity on " + lang + " (" + conditions.size() + " conditions)", pairs)) {
            ConcurrentPasses.run(threads, passes.size(), p -> {
                long start = passes.get(p)[0];
                int n = (int) passes.get(p)[1];
                int[][] batch = new int[n][];
                List<Intervention> rowSets = new java.util.ArrayList<>();
                for (int r = 0; r < n; r++) {
                    long pair = start + r;
                    batch[r] = docs[(int) (pair / conditions.size())];
                    rowSets.add(Intervention.off(sets.get((int) (pair % conditions.size()))));
                }
                return new Pass(batch, rowSets, model.tokenLogProbs(batch, rowSets));
            }, context::cancelled, (p, pass) -> {
                long start = passes.get(p)[0];
                for (int r = 0; r < pass.batch().length; r++) {
                    double nll = 0;
                    for (double lp : pass.logProbs()[r]) {
                        nll -= lp;
                    }
                    if (!Double.isFinite(nll)) {
                        long pair = start + r;
                        throw new StepFailure("eval.perplexity: the NLL of document " + pair / conditions.size() + " of '"
                                + lang + "' under '" + conditions.get((int) (pair % conditions.size())).name() + "' is "
                                + nll + "; the first non-finite values are in "
                                + NonFinite.locate(model, pass.batch()[r], pass.rowSets().get(r).off())
                                + " (check the model's weights there and config.json)");
                    }
                    int condition = (int) ((start + r) % conditions.size());
                    int document = (int) ((start + r) / conditions.size());
                    tallies.get(condition).add(nll, pass.logProbs()[r].length, bytes[document]);
                    nllOut[condition][document] = nll;
                    tokensOut[document] = pass.logProbs()[r].length;
                }
                progress.advance(pass.batch().length);
            });
            progress.status(String.format("baseline NLL %.4f", tallies.get(0).meanNll()));
        }
        Map<String, double[]> byCondition = new LinkedHashMap<>();
        for (int c = 0; c < conditions.size(); c++) {
            byCondition.put(conditions.get(c).name(), nllOut[c]);
        }
        return new DocumentScores.Language(tokensOut, bytes, byCondition);
    }

    /** One forward pass's rows (documents and their changes) and each row's token log-probabilities. */
    private record Pass(int[][] batch, List<Intervention> rowSets, double[][] logProbs) {
    }

}
