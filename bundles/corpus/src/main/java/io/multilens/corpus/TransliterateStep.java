package io.multilens.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.ibm.icu.text.Transliterator;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.data.SafeName;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.Progress;
import io.multilens.api.status.StepFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: corpus.transliterate} — a language's text in another script, for the script
 * control (is a "language neuron" a script neuron?): every document of {@code corpus} rewritten by
 * an ICU transform ({@code Any-Latin; Latin-ASCII} by default: romanisation, then plain ASCII),
 * one per line in the same order, so document N of the output is document N of the input.
 * Downstream steps read it as their corpus: {@code corpus: ${steps.ID.corpus}/{lang}.txt}.
 */
@Component(service = Step.class)
public final class TransliterateStep implements Step {

    static final String DEFAULT_TRANSFORM = "Any-Latin; Latin-ASCII";

    static final PluginInfo INFO = new PluginInfo("corpus.transliterate", BundleVersion.release(TransliterateStep.class),
            PluginKind.DATASET, "Each language's corpus rewritten into another script by an ICU transform (romanised by"
                    + " default), line for line, for the script-vs-language control",
            List.of(OptionSpec.required("languages", OptionType.LIST, "the languages to transliterate"),
                    OptionSpec.required("corpus", OptionType.PATH, "text per language, one document per line; {lang} is replaced"),
                    OptionSpec.optional("transform", OptionType.STRING, DEFAULT_TRANSFORM, "ICU transform ID applied to every"
                            + " language (e.g. Any-Latin; Latin-ASCII, or Any-Latin to keep diacritics)"),
                    OptionSpec.optional("transforms", OptionType.LIST, List.of(), "per-language overrides, lang=ID"
                            + " (e.g. ru=Russian-Latin/BGN)"),
                    OptionSpec.optional("max_documents", OptionType.INTEGER, 0L, "documents per language from the start"
                            + " (0: all; keep every document that later steps skip to)").withRange(0.0, null)),
            List.of(),
            List.of(PortSpec.output("corpus", "corpus", "a folder of {lang}.txt, the transliterated documents in order"),
                    PortSpec.output("summary", "transliteration.json", "per language: the transform, documents, the share"
                            + " of letters in Latin script before and after, examples")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        List<String> languages = o.strings("languages");
        Map<String, String> transforms = transforms(o, languages);
        Path folder = Files.createDirectories(context.outputDir().resolve("corpus"));
        Map<String, Object> summary = new TreeMap<>();
        try (Progress progress = context.progress("transliterate", languages.size())) {
            for (String lang : languages) {
                Path source = LineCorpus.file(o.path("corpus"), lang);
                if (!Files.isRegularFile(source)) {
                    throw new StepFailure(source + ": no such corpus file for '" + lang + "'; check option 'corpus'");
                }
                Transliterator t = transliterator(transforms.get(lang), lang);
                List<String> documents = LineCorpus.read(source, 0, o.intValue("max_documents"), null);
                List<String> out = new ArrayList<>(documents.size());
                int kept = 0;
                for (String document : documents) {
                    String rewritten = t.transliterate(document);
                    // a document must stay a document (blank lines are skipped), so indices line up
                    if (rewritten.isBlank()) {
                        rewritten = document;
                        kept++;
                    }
                    out.add(rewritten.replace('\n', ' ').replace('\r', ' '));
                }
                Files.write(folder.resolve(SafeName.require("language code", lang) + ".txt"), out, StandardCharsets.UTF_8);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("source", source.toString());
                entry.put("transform", transforms.get(lang));
                entry.put("documents", documents.size());
                entry.put("left_native_because_blank", kept);
                double before = Scripts.latinLetterShare(documents);
                double after = Scripts.latinLetterShare(out);
                entry.put("latin_letter_share_before", before);
                entry.put("latin_letter_share_after", after);
                List<List<String>> examples = new ArrayList<>();
                for (int i = 0; i < Math.min(3, documents.size()); i++) {
                    examples.add(List.of(documents.get(i), out.get(i)));
                }
                entry.put("examples", examples);
                summary.put(lang, entry);
                context.log().accept(String.format("  transliterate %s: %d documents, Latin letters %.0f%% -> %.0f%%", lang,
                        documents.size(), 100 * before, 100 * after));
                progress.advance(1);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.transliteration/1");
        root.put("languages", summary);
        root.put("config", new TreeMap<>(Map.of("options", o.asMap(), "icu_version", com.ibm.icu.util.VersionInfo.ICU_VERSION.toString(),
                "multilens_version", BundleVersion.of(TransliterateStep.class))));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
                context.outputDir().resolve("transliteration.json").toFile(), root);
    }

    /** Each language's transform: the override named for it, else {@code transform}. */
    static Map<String, String> transforms(Options o, List<String> languages) {
        Map<String, String> out = new LinkedHashMap<>();
        languages.forEach(l -> out.put(l, o.string("transform")));
        for (String entry : o.strings("transforms")) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new StepFailure("option 'transforms': '" + entry + "' is not lang=ID (e.g. ru=Russian-Latin/BGN)");
            }
            String lang = entry.substring(0, eq).trim();
            if (!out.containsKey(lang)) {
                throw new StepFailure("option 'transforms': '" + lang + "' is not one of the languages " + languages);
            }
            out.put(lang, entry.substring(eq + 1).trim());
        }
        return out;
    }

    static Transliterator transliterator(String id, String lang) {
        try {
            return Transliterator.getInstance(id);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("transform '" + id + "' for '" + lang + "': ICU has no such transform (" + e.getMessage()
                    + "); e.g. Any-Latin; Latin-ASCII, Any-Latin, Russian-Latin/BGN, Han-Latin");
        }
    }
}
