package io.multilens.plnd.step;

import io.multilens.api.neurons.Structure;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import io.multilens.plnd.tally.LanguageTally;
import io.multilens.plnd.tally.TallyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: plnd.merge} — PLND over a corpus scored in shards (on several hosts, or in several
 * steps): adds the shards' tallies and selects the language neurons as one plnd step over all the
 * documents would have. Shards must have counted the same thing (model, mode, activity rules,
 * structures); their documents must not overlap (give each shard its own skip_documents range).
 */
@Component(service = Step.class)
public final class MergeStep implements Step {

    private static final PluginInfo INFO = describe();

    private static PluginInfo describe() {
        List<OptionSpec> options = new ArrayList<>();
        options.add(OptionSpec.required("shards", OptionType.PATHS,
                "the 'tallies' folders of the plnd steps to add up (paths, or ${steps.ID.tallies})"));
        options.add(OptionSpec.optional("languages", OptionType.LIST, List.of(), "languages to select; empty: every language of the shards"));
        options.addAll(PlndOptions.selection());
        return new PluginInfo("plnd.merge", BundleVersion.release(MergeStep.class), PluginKind.DETECTOR,
                "adds PLND tallies of several shards and selects the language neurons of the whole corpus",
                options, List.of(),
                List.of(PortSpec.output("neurons", "neurons.json", "language-specific neurons per language"),
                        PortSpec.output("stats", "stats.json", "counts per layer and structure, Jaccard overlap, documents and tokens"),
                        PortSpec.output("tallies", "tallies", "the summed tallies, to merge further")));
    }

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        List<Path> folders = o.paths("shards");
        merge(context, o, folders, o.strings("languages"), "plnd.merge", Map.of());
    }

    /**
     * Adds the tallies in {@code folders} and writes neurons.json, stats.json and tallies/ into
     * the context's output folder, selecting with {@code o}'s selection options; {@code languages}
     * empty: every language of the shards. Also plnd's own merge of its cluster shards, which adds
     * what its shards recorded ({@code extraProvenance}).
     */
    static void merge(StepContext context, Options o, List<Path> folders, List<String> wanted, String detector,
                      Map<String, Object> extraProvenance) throws IOException {
        Map<String, LanguageTally> tallies = new LinkedHashMap<>();
        Map<String, String> description = null;
        Path first = null;
        List<String> shards = folders.stream().map(Path::toString).toList();
        for (Path folder : folders) {
            for (Path file : tallyFiles(folder)) {
                TallyFile.Contents c = TallyFile.read(file);
                Map<String, String> d = agreed(c.metadata());
                if (description == null) {
                    description = d;
                    first = file;
                } else if (!description.equals(d)) {
                    throw new StepFailure(file + ": counted differently from " + first + " (" + difference(description, d)
                            + "); merge only shards of the same model, mode, rules and structures");
                }
                tallies.merge(c.tally().language(), c.tally(), (a, b) -> {
                    a.merge(b);
                    return a;
                });
            }
        }
        if (tallies.isEmpty()) {
            throw new StepFailure("option 'shards': no tallies/<lang>.safetensors in " + shards);
        }
        List<String> languages = wanted.isEmpty() ? new ArrayList<>(tallies.keySet()) : wanted;
        Map<String, LanguageTally> chosen = new LinkedHashMap<>();
        for (String lang : languages) {
            LanguageTally t = tallies.get(lang);
            if (t == null) {
                throw new StepFailure("option 'languages': no shard has '" + lang + "'; they have " + tallies.keySet());
            }
            chosen.put(lang, t);
            context.log().accept("plnd.merge: " + lang + ": " + t.documents() + " documents, " + t.tokens() + " tokens");
        }
        Path out = Files.createDirectories(context.outputDir().resolve("tallies"));
        for (LanguageTally t : chosen.values()) {
            TallyFile.write(io.multilens.api.data.SafeName.inside(out, "language code", t.language() + ".safetensors"), t,
                    description);
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("detector", detector);
        provenance.putAll(extraProvenance);
        provenance.put("multilens_version", BundleVersion.of(MergeStep.class));
        provenance.put("shards", shards);
        provenance.put("counted", description);
        provenance.put("options", o.asMap());
        Results.write(context.outputDir(), chosen, PlndSettings.selection(o, languages),
                Integer.parseInt(description.get("layers")), structures(description.get("structures")),
                TallyDescription.kvRows(description), provenance);
    }

    private static List<Path> tallyFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new StepFailure(dir + ": no such tallies folder; give the 'tallies' output of a plnd step");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
    }

    private static Map<String, String> agreed(Map<String, String> metadata) {
        Map<String, String> d = new LinkedHashMap<>();
        TallyDescription.MUST_AGREE.stream().sorted().forEach(k -> d.put(k, metadata.get(k)));
        // tallies written before kv_index_rule existed counted rows, as "sum" does
        d.putIfAbsent("kv_index_rule", "sum");
        return d;
    }

    private static String difference(Map<String, String> a, Map<String, String> b) {
        List<String> diffs = new ArrayList<>();
        a.forEach((k, v) -> {
            if (!java.util.Objects.equals(v, b.get(k))) {
                diffs.add(k + " " + v + " vs " + b.get(k));
            }
        });
        return String.join("; ", diffs);
    }

    private static Set<Structure> structures(String keys) {
        Set<Structure> out = EnumSet.noneOf(Structure.class);
        for (String k : keys.split(",")) {
            out.add(Structure.fromKey(k));
        }
        return out;
    }
}
