package io.multilens.lape;

import ai.djl.ndarray.NDManager;
import io.multilens.api.data.CorpusWarnings;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.data.Sha256;
import io.multilens.api.model.CheckpointFingerprint;
import io.multilens.api.model.ContentTokens;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: lape} — language-specific FFN neurons by LAPE (activation probability entropy),
 * written as the same {@code neurons.json} as {@code plnd}, so ablation, fine-tuning, evaluators
 * and the report use either detector unchanged.
 */
@Component(service = Step.class)
public final class LapeStep implements Step {

    static final PluginInfo INFO = describe();

    private static PluginInfo describe() {
        List<OptionSpec> options = new ArrayList<>(List.of(
                OptionSpec.required("model", OptionType.PATH, "Hugging Face checkpoint folder"),
                OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                io.multilens.api.plugin.DtypeOption.spec(),
                OptionSpec.required("languages", OptionType.LIST, "languages to compare (at least 2)"),
                OptionSpec.required("corpus", OptionType.PATH, "text per language, one document per line; {lang} is replaced"),
                OptionSpec.optional("skip_documents", OptionType.INTEGER, 0L, "documents to skip at the start of each file").withRange(0.0, null),
                OptionSpec.optional("max_documents", OptionType.INTEGER, 100L, "documents per language (0: all)").withRange(0.0, null),
                OptionSpec.optional("max_tokens", OptionType.INTEGER, 256L, "tokens per document, the rest cut").withRange(2.0, null),
                OptionSpec.optional("batch_size", OptionType.INTEGER, 8L, "documents per forward pass").withRange(1.0, null)));
        options.addAll(LapeOutput.selectionOptions());
        return new PluginInfo("lape", BundleVersion.release(LapeStep.class), PluginKind.DETECTOR,
                "Language-specific FFN neurons by activation probability entropy (LAPE, Tang et al. 2024)",
                options, List.of(), LapeOutput.PORTS);
    }

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        List<String> languages = o.strings("languages");
        if (languages.size() < 2 || new HashSet<>(languages).size() != languages.size()) {
            throw new StepFailure("option 'languages': LAPE compares activation probabilities across languages; give at"
                    + " least two distinct ones, got " + languages);
        }
        LapeOutput.rates(o); // refuse bad thresholds before counting
        Path modelDir = o.path("model");
        LanguageModel model = context.models().get(modelDir, o.string("device"), io.multilens.api.plugin.DtypeOption.of(o));
        int layers = model.config().numLayers();
        int units = model.config().intermediateSize();
        ContentTokens contentTokens = new ContentTokens(model.config());
        Map<String, Object> corpora = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<ActivationCounts> all = new ArrayList<>();
        Path tallies = LapeOutput.talliesDir(context.outputDir());
        String fingerprint = CheckpointFingerprint.of(modelDir);
        for (String lang : languages) {
            Path file = LineCorpus.file(o.path("corpus"), lang);
            List<String> lines = LineCorpus.read(file, o.intValue("skip_documents"), o.intValue("max_documents"), null);
            CorpusWarnings.shortfall(file, lines.size(), o.intValue("skip_documents"), o.intValue("max_documents"))
                    .ifPresent(warnings::add);
            corpora.put(lang, Map.of("path", file.toAbsolutePath().normalize().toString(), "sha256", Sha256.hex(file),
                    "documents", lines.size()));
            List<int[]> docs = new ArrayList<>();
            for (String line : lines) {
                int[] ids = model.tokenizer().encode(line, o.intValue("max_tokens"));
                if (ids.length > 0) {
                    docs.add(ids);
                }
            }
            ActivationCounts counts = new ActivationCounts(lang, layers, units);
            count(context, model, docs, contentTokens, Math.max(1, o.intValue("batch_size")), counts);
            LapeOutput.writeTally(LapeOutput.tallyFile(tallies, lang), counts, fingerprint);
            all.add(counts);
            context.log().accept("lape: " + lang + ": " + docs.size() + " documents, " + counts.tokens + " tokens");
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("detector", INFO.name());
        provenance.put("multilens_version", BundleVersion.of(LapeStep.class));
        provenance.put("model", CheckpointFingerprint.provenance(modelDir));
        provenance.put("dtype", model.dtype().label());
        provenance.put("corpus", corpora);
        provenance.put("options", o.asMap());
        provenance.put("warnings", warnings);
        warnings.forEach(w -> context.log().accept("lape: warning: " + w));
        LapeOutput.select(context.outputDir(), languages, all, LapeOutput.rates(o), provenance);
    }

    private static void count(StepContext context, LanguageModel model, List<int[]> docs, ContentTokens contentTokens, int batchSize,
                              ActivationCounts counts) {
        try (Progress progress = context.progress("lape " + counts.language, docs.size())) {
            for (int start = 0; start < docs.size(); start += batchSize) {
                if (context.cancelled()) {
                    throw new StepFailure("lape: cancelled while counting '" + counts.language + "'");
                }
                List<int[]> batch = docs.subList(start, Math.min(docs.size(), start + batchSize));
                boolean[][] content = contentTokens.mask(batch);
                counts.tokens += ContentTokens.count(content);
                try (NDManager scope = model.manager().newSubManager()) {
                    model.trace(scope, batch.toArray(new int[0][]), Intervention.NONE, new ActivationProbe(scope, content, counts));
                }
                progress.advance(batch.size());
            }
        }
    }
}
