package io.multilens.eval.perplexity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Condition;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Progress;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.plugin.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
public final class PerplexityStep implements Step {

    static final PluginInfo INFO = new PluginInfo("eval.perplexity", "0.1.0", PluginKind.EVALUATOR,
            "Per-language NLL and perplexity, plainly and with neuron sets deactivated",
            List.of(
                    OptionSpec.required("model", OptionType.PATH, "Hugging Face checkpoint folder"),
                    OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                    io.multilens.api.model.ModelDtype.option(),
                    OptionSpec.required("languages", OptionType.LIST, "languages to evaluate"),
                    OptionSpec.required("corpus", OptionType.PATH, "text per language, one document per line; {lang} is replaced"),
                    OptionSpec.optional("skip_documents", OptionType.INTEGER, 0L, "documents to skip at the start of each file"),
                    OptionSpec.optional("max_documents", OptionType.INTEGER, 100L, "documents per language (0: all)"),
                    OptionSpec.optional("max_tokens", OptionType.INTEGER, 512L, "tokens per document, the rest cut"),
                    OptionSpec.optional("batch_size", OptionType.INTEGER, 8L, "documents per forward pass"),
                    new OptionSpec("deactivate_mode", OptionType.STRING, "each",
                            "with a 'deactivate' input: each set on its own, their union, or per language its own set",
                            Condition.MODES, false),
                    OptionSpec.optional("include_baseline", OptionType.BOOLEAN, true, "also evaluate with nothing deactivated")),
            List.of(PortSpec.input("deactivate", false, "neurons.json of a plnd or ablate step")),
            List.of(PortSpec.output("metrics", "metrics.json", "per condition and language: documents, tokens, mean_nll (± stderr), perplexity"),
                    PortSpec.output("matrix", "relative_nll.csv", "rows: condition, columns: language, cells: relative NLL change vs baseline")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        LanguageModel model = context.models().get(context.resolve(o.string("model")), o.string("device"),
                io.multilens.api.model.ModelDtype.of(o));
        List<String> languages = o.strings("languages");
        List<Condition> conditions = Condition.fromFile(context.input("deactivate").orElse(null),
                o.string("deactivate_mode"), o.bool("include_baseline"));
        Map<String, int[][]> documents = new LinkedHashMap<>();
        for (String lang : languages) {
            Path file = LineCorpus.file(context.resolve(o.string("corpus")), lang);
            List<String> lines = LineCorpus.read(file, o.intValue("skip_documents"), o.intValue("max_documents"), null);
            documents.put(lang, tokenize(model, lines, o.intValue("max_tokens")));
        }
        Map<String, Map<String, NllTally>> results = new LinkedHashMap<>();
        for (Condition c : conditions) {
            Map<String, NllTally> byLanguage = new LinkedHashMap<>();
            for (String lang : languages) {
                byLanguage.put(lang, evaluate(context, model, documents.get(lang), c, lang, o.intValue("batch_size")));
            }
            results.put(c.name(), byLanguage);
        }
        PerplexityReport report = new PerplexityReport(languages, results);
        Files.writeString(context.outputDir().resolve("metrics.json"), new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.metrics(o.asMap())));
        Files.writeString(context.outputDir().resolve("nll.csv"), report.nllCsv());
        Files.writeString(context.outputDir().resolve("relative_nll.csv"), report.relativeCsv());
        context.log().accept(report.table() + report.specificityTable());
    }

    private static int[][] tokenize(LanguageModel model, List<String> lines, int maxTokens) {
        int[][] docs = new int[lines.size()][];
        for (int i = 0; i < docs.length; i++) {
            int[] ids = model.tokenizer().encode(lines.get(i));
            docs[i] = ids.length > maxTokens ? Arrays.copyOf(ids, maxTokens) : ids;
        }
        return docs;
    }

    private static NllTally evaluate(StepContext context, LanguageModel model, int[][] docs, Condition condition,
                                     String lang, int batchSize) {
        NllTally tally = new NllTally();
        try (Progress progress = context.progress(condition.name() + " on " + lang, docs.length)) {
            for (int start = 0; start < docs.length; start += batchSize) {
                if (context.cancelled()) {
                    throw new StepFailure("stopped by the user");
                }
                int[][] batch = Arrays.copyOfRange(docs, start, Math.min(docs.length, start + batchSize));
                double[][] logProbs = model.tokenLogProbs(batch, condition.neurons().apply(lang));
                for (double[] doc : logProbs) {
                    double nll = 0;
                    for (double lp : doc) {
                        nll -= lp;
                    }
                    tally.add(nll, doc.length);
                }
                progress.advance(batch.length);
            }
            progress.status(String.format("NLL %.4f", tally.meanNll()));
        }
        return tally;
    }

}
