package io.multilens.layers;

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
import io.multilens.api.plugin.PortSpec;
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
 * {@code uses: layers} — the paper's framework measured layer by layer: which language the
 * residual stream decodes to (the logit lens) and where the languages' representations of the
 * same sentence meet (cross-lingual cosine similarity against a mismatched-sentence baseline).
 */
@Component(service = Step.class)
public final class LayersStep implements Step {

    static final PluginInfo INFO = new PluginInfo("layers", BundleVersion.release(LayersStep.class), PluginKind.ANALYZER,
            "Which language each layer works in: logit-lens language shares and cross-lingual similarity per layer",
            List.of(
                    OptionSpec.required("model", OptionType.PATH, "Hugging Face checkpoint folder"),
                    OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                    io.multilens.api.plugin.DtypeOption.spec(),
                    OptionSpec.required("languages", OptionType.LIST, "languages to analyse (at most 63)"),
                    OptionSpec.required("corpus", OptionType.PATH, "text per language, one document per line; {lang} is replaced"),
                    OptionSpec.optional("skip_documents", OptionType.INTEGER, 0L,
                            "documents to skip at the start of each file (the lexicon is built from them)").withRange(0.0, null),
                    OptionSpec.optional("max_documents", OptionType.INTEGER, 100L, "documents per language (0: all)").withRange(0.0, null),
                    OptionSpec.optional("max_tokens", OptionType.INTEGER, 256L, "tokens per document, the rest cut").withRange(2.0, null),
                    OptionSpec.optional("reference_language", OptionType.STRING, "en",
                            "the language the middle layers are expected to work in; must be one of 'languages'"),
                    OptionSpec.optional("parallel", OptionType.BOOLEAN, true,
                            "line n of every corpus is the same sentence: compute the cross-lingual similarity"),
                    new OptionSpec("classifier", OptionType.STRING, "script",
                            "how a decoded token's language is told: script (Unicode script of its letters; cannot tell"
                                    + " same-script languages apart) or lexicon (words frequent in one language's text)",
                            List.of("script", "lexicon"), false),
                    OptionSpec.optional("lexicon", OptionType.PATH, null,
                            "word lists, one word per line, {lang} replaced; unset: build the lexicon from the corpora's"
                                    + " first skip_documents lines"),
                    OptionSpec.optional("lexicon_min_count", OptionType.INTEGER, 3L,
                            "a corpus word enters the lexicon when seen at least this often"),
                    OptionSpec.choice("lens", "final-norm", "how intermediate layers are decoded: final-norm = through the model's"
                            + " final norm and LM head (the usual logit lens); no-norm = the LM head alone, as the paper's"
                            + " Fig. 1 (the authors' code)", "final-norm", "no-norm"),
                    OptionSpec.optional("classify_top", OptionType.INTEGER, 1L, "tokens per position whose language is"
                            + " counted (1: the top-1 token; the paper's Fig. 1 counts the top 10)").withRange(1.0, null),
                    OptionSpec.optional("top_k", OptionType.INTEGER, 50L, "tokens whose probability mass is split by language")
                            .withRange(1.0, null),
                    OptionSpec.optional("batch_size", OptionType.INTEGER, 8L, "documents per forward pass").withRange(1.0, null),
                    OptionSpec.choice("lens_task", "corpus", "corpus: the lens over the corpus only; translation: also the"
                            + " latent-language lens of Wendler et al. 2024 on word-translation prompts from 'words'"
                            + " (translation.json)", "corpus", "translation"),
                    OptionSpec.optional("words", OptionType.PATH, null, "lens_task translation: a tab-separated table of"
                            + " words, a header of language codes, one word per language per row (data/words/nouns.tsv)"),
                    OptionSpec.optional("source_language", OptionType.STRING, "fr", "lens_task translation: the language"
                            + " the prompts translate from (every other listed language but en is a target)"),
                    OptionSpec.optional("shots", OptionType.INTEGER, 2L, "lens_task translation: solved examples before"
                            + " each question").withRange(0.0, 20.0)),
            List.of(),
            List.of(PortSpec.output("layers", "layers.json", "per language and layer: decoded-language shares, top-k mass,"
                            + " parallel and mismatched similarity"),
                    PortSpec.output("table", "layers.csv", "the same numbers, one row per language and layer"),
                    new PortSpec("translation", "lens_task translation: per target language and layer, the lens probability"
                            + " of the target word's and the English word's first token", "translation.json", false)));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        List<String> languages = o.strings("languages");
        String reference = o.string("reference_language");
        if (!languages.contains(reference)) {
            throw new StepFailure("option 'reference_language': '" + reference + "' is not one of 'languages' " + languages
                    + "; add it to the languages or choose one of them");
        }
        if (languages.size() > 63 || new HashSet<>(languages).size() != languages.size()) {
            throw new StepFailure("option 'languages': at most 63 distinct languages, got " + languages);
        }
        Path modelDir = o.path("model");
        LanguageModel model = context.models().get(modelDir, o.string("device"), io.multilens.api.plugin.DtypeOption.of(o));
        int depths = model.config().numLayers() + 1;
        Map<String, List<String>> texts = new LinkedHashMap<>();
        Map<String, Object> corpora = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String lang : languages) {
            Path file = LineCorpus.file(o.path("corpus"), lang);
            List<String> lines = LineCorpus.read(file, o.intValue("skip_documents"), o.intValue("max_documents"), null);
            CorpusWarnings.shortfall(file, lines.size(), o.intValue("skip_documents"), o.intValue("max_documents"))
                    .ifPresent(warnings::add);
            texts.put(lang, lines);
            corpora.put(lang, new java.util.TreeMap<>(Map.of("path", file.toAbsolutePath().normalize().toString(), "sha256", Sha256.hex(file),
                    "documents", lines.size())));
        }
        if (o.bool("parallel")) {
            requireParallel(context, o, texts, reference);
            ParallelCorpora.check(o.path("corpus"), texts, reference, o.intValue("skip_documents"), warnings);
            if (texts.get(reference).size() < 2) {
                throw new StepFailure("layers: parallel: true compares each sentence with the next one as a baseline; give"
                        + " at least 2 documents per language (max_documents)");
            }
        }
        if (o.intValue("top_k") < 1) {
            throw new StepFailure("option 'top_k' is " + o.intValue("top_k") + "; it must be at least 1");
        }
        if (o.string("classifier").equals("script")) {
            List<String> sameScript = languages.stream().filter(l -> !l.equals(reference)
                    && Scripts.of(l).stream().anyMatch(Scripts.of(reference)::contains)).toList();
            if (!sameScript.isEmpty()) {
                warnings.add("classifier script: " + sameScript + " share the reference's script, so their tokens count as '"
                        + reference + "' and their 'own' share stays 0; use classifier: lexicon to tell them apart");
            }
        }
        java.util.BitSet letters = new java.util.BitSet();
        texts.values().forEach(lines -> lines.forEach(line -> line.codePoints().forEach(letters::set)));
        TokenLanguages classes = new TokenLanguages(languages, TokenText.of(modelDir, model.config().vocabSize()),
                model.config().vocabSize(), TokenLanguages.Strategy.parse(o.string("classifier")), lexicon(context, o, languages),
                letters);
        ContentTokens contentTokens = new ContentTokens(model.config());
        List<String> order = new ArrayList<>(languages);
        order.remove(reference);
        order.add(0, reference); // the reference's pooled states are what every other language is compared with
        double[][][] referencePooled = null;
        Map<String, LanguageLayers> results = new LinkedHashMap<>();
        for (String lang : order) {
            List<int[]> docs = new ArrayList<>();
            for (String line : texts.get(lang)) {
                docs.add(model.tokenizer().encode(line, o.intValue("max_tokens")));
            }
            CorpusWarnings.overLength(lang, docs, model.config().maxPositions()).ifPresent(warnings::add);
            LanguageLayers tally = new LanguageLayers(lang, depths);
            double[][][] pooled = analyse(context, o, model, classes, languages.indexOf(lang), languages.indexOf(reference),
                    docs, contentTokens, tally);
            if (lang.equals(reference)) {
                referencePooled = pooled;
            }
            if (o.bool("parallel")) {
                Similarity.add(tally, pooled, referencePooled);
            }
            results.put(lang, tally);
            context.log().accept("layers: " + lang + ": " + tally.documents + " documents, " + tally.tokens + " tokens");
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("analyzer", INFO.name());
        provenance.put("multilens_version", BundleVersion.of(LayersStep.class));
        provenance.put("model", CheckpointFingerprint.provenance(modelDir));
        provenance.put("dtype", model.dtype().label());
        provenance.put("corpus", corpora);
        provenance.put("options", o.asMap());
        provenance.put("warnings", warnings);
        warnings.forEach(w -> context.log().accept("layers: warning: " + w));
        LayersOutput.write(context.outputDir(), reference, o.string("classifier"),
                new LayersOutput.Lens(o.string("lens"), o.intValue("classify_top")), languages, results, provenance);
        if (o.string("lens_task").equals("translation")) {
            translation(context, o, model, languages, provenance);
        }
    }

    /** lens_task: translation: the latent-language lens over every target language, into translation.json. */
    private static void translation(StepContext context, Options o, LanguageModel model, List<String> languages,
                                    Map<String, Object> provenance) throws java.io.IOException {
        if (!o.has("words")) {
            throw new StepFailure("layers: lens_task: translation needs 'words', a table of words per language"
                    + " (e.g. words: data/words/nouns.tsv)");
        }
        Path file = o.path("words");
        Map<String, List<String>> words = TranslationLens.read(file);
        String source = o.string("source_language");
        for (String needed : List.of("en", source)) {
            if (!words.containsKey(needed)) {
                throw new StepFailure(file + ": no column '" + needed + "' (it has " + words.keySet() + "); the prompts"
                        + " translate from source_language and are scored against English");
            }
        }
        List<String> targets = languages.stream().filter(l -> !l.equals("en") && !l.equals(source) && words.containsKey(l)).toList();
        if (targets.isEmpty()) {
            throw new StepFailure("layers: lens_task translation: no target language among " + languages + " besides en and"
                    + " the source '" + source + "' has a column in " + file);
        }
        Map<String, Object> byTarget = new LinkedHashMap<>();
        try (Progress progress = context.progress("translation lens", targets.size())) {
            for (String target : targets) {
                TranslationLens.Result r = TranslationLens.measure(model, words, source, target, o.intValue("shots"),
                        o.string("lens").equals("final-norm"), Math.max(1, o.intValue("batch_size")));
                List<Map<String, Object>> depths = new ArrayList<>();
                for (int d = 0; d < r.target1().length; d++) {
                    depths.add(new java.util.TreeMap<>(Map.of("layer", d, "p_target", r.target1()[d], "p_english", r.english1()[d])));
                }
                byTarget.put(target, new java.util.TreeMap<>(Map.of("words", r.words(), "skipped_same_first_token", r.skipped(),
                        "depths", depths)));
                context.log().accept(String.format("layers: translation %s -> %s: %d words; last layer p(target) %.4f,"
                        + " p(en) %.4f", source, target, r.words(), r.target1()[r.target1().length - 1],
                        r.english1()[r.english1().length - 1]));
                progress.advance(1);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.translation-lens/1");
        root.put("source_language", source);
        root.put("shots", o.intValue("shots"));
        root.put("lens", o.string("lens"));
        root.put("words", new java.util.TreeMap<>(Map.of("path", file.toAbsolutePath().normalize().toString(), "sha256", Sha256.hex(file))));
        root.put("example_prompt", TranslationLens.prompt(words, source, targets.get(0), 0, o.intValue("shots")));
        root.put("languages", byTarget);
        root.put("config", provenance);
        new com.fasterxml.jackson.databind.ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(context.outputDir().resolve("translation.json").toFile(), root);
    }

    private static double[][][] analyse(StepContext context, Options o, LanguageModel model, TokenLanguages classes, int own,
                                        int reference, List<int[]> docs, ContentTokens contentTokens, LanguageLayers tally) {
        int batchSize = Math.max(1, o.intValue("batch_size"));
        double[][][] pooled = new double[docs.size()][][];
        try (Progress progress = context.progress("layers " + tally.language, docs.size())) {
            for (int start = 0; start < docs.size(); start += batchSize) {
                if (context.cancelled()) {
                    throw new StepFailure("layers: cancelled while analysing '" + tally.language + "'");
                }
                List<int[]> batch = docs.subList(start, Math.min(docs.size(), start + batchSize));
                int longest = batch.stream().mapToInt(d -> d.length).max().orElse(0);
                if (longest == 0) {
                    progress.advance(batch.size());
                    continue;
                }
                boolean[][] content = contentTokens.mask(batch);
                tally.tokens += ContentTokens.count(content);
                int[][] rows = batch.stream().map(d -> d.length == 0 ? new int[] {0} : d).toArray(int[][]::new);
                try (NDManager scope = model.manager().newSubManager()) {
                    LensProbe probe = new LensProbe(model, scope, classes, own, reference, o.intValue("top_k"),
                            o.intValue("classify_top"), o.string("lens").equals("final-norm"), content,
                            tally.depths, tally);
                    try {
                        model.trace(scope, rows, Intervention.NONE, probe);
                    } catch (UnsupportedOperationException e) {
                        throw new StepFailure("layers: " + e.getMessage() + "; the logit lens needs a model with an LM head");
                    }
                    for (int r = 0; r < batch.size(); r++) {
                        pooled[start + r] = probe.pooled[r];
                    }
                }
                tally.documents += batch.size();
                progress.advance(batch.size());
            }
        }
        return pooled;
    }

    private static void requireParallel(StepContext context, Options o, Map<String, List<String>> texts, String reference) {
        int want = texts.get(reference).size();
        for (Map.Entry<String, List<String>> e : texts.entrySet()) {
            if (e.getValue().size() != want) {
                throw new StepFailure(LineCorpus.file(o.path("corpus"), e.getKey()) + ": "
                        + e.getValue().size() + " documents in the range but " + want + " for the reference language '"
                        + reference + "'; with parallel: true line n of every corpus must be the same sentence"
                        + " (set parallel: false, or give corpora of equal length)");
            }
        }
    }

    private static Lexicon lexicon(StepContext context, Options o, List<String> languages) throws java.io.IOException {
        if (!o.string("classifier").equals("lexicon")) {
            return null;
        }
        List<List<String>> perLanguage = new ArrayList<>();
        if (o.has("lexicon")) {
            for (String lang : languages) {
                Path file = LineCorpus.file(o.path("lexicon"), lang);
                perLanguage.add(LineCorpus.read(file, 0, 0, null));
            }
            return Lexicon.fromLists(perLanguage);
        }
        int skip = o.intValue("skip_documents");
        if (skip == 0) {
            throw new StepFailure("option 'classifier: lexicon' builds its lexicon from each corpus's first skip_documents"
                    + " lines, but skip_documents is 0; set skip_documents (e.g. 800) or give word lists with 'lexicon'");
        }
        for (String lang : languages) {
            perLanguage.add(LineCorpus.read(LineCorpus.file(o.path("corpus"), lang), 0, skip, null));
        }
        return Lexicon.fromCorpora(perLanguage, o.intValue("lexicon_min_count"));
    }
}
