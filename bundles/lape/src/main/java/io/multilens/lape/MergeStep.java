package io.multilens.lape;

import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: lape.merge} — LAPE over a corpus counted in shards (several hosts or steps): adds the
 * shards' activation counts per language and selects as one lape step over all their documents
 * would. Shards must come from the same model; their documents must not overlap.
 */
@Component(service = Step.class)
public final class MergeStep implements Step {

    static final PluginInfo INFO = describe();

    private static PluginInfo describe() {
        List<OptionSpec> options = new ArrayList<>();
        options.add(OptionSpec.required("shards", OptionType.PATHS,
                "the 'tallies' folders of the lape steps to add up (paths, or ${steps.ID.tallies})"));
        options.add(OptionSpec.optional("languages", OptionType.LIST, List.of(),
                "the languages in the order the lape steps' own 'languages' option gives them, so the merge writes what"
                        + " one lape step over the whole corpus writes; empty: by tally file name"));
        options.addAll(LapeOutput.selectionOptions());
        return new PluginInfo("lape.merge", BundleVersion.release(MergeStep.class), PluginKind.DETECTOR,
                "adds LAPE activation counts of several shards and selects the language neurons of the whole corpus",
                options, List.of(), LapeOutput.PORTS);
    }

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        Map<String, ActivationCounts> sums = new LinkedHashMap<>();
        String model = null;
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path dir : o.paths("shards")) {
            if (!seen.add(dir.toAbsolutePath().normalize())) {
                throw new StepFailure(dir + " is listed twice in 'shards'; each shard's counts may be added once");
            }
            if (!Files.isDirectory(dir)) {
                throw new StepFailure(dir + ": not a folder; 'shards' lists the tallies folders of lape steps");
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList();
            }
            for (Path f : files) {
                LapeOutput.Tally t = LapeOutput.readTally(f);
                if (model != null && !model.equals(t.model())) {
                    throw new StepFailure(f + ": counted on model " + t.model() + " but earlier shards on " + model
                            + "; only shards of one model add up");
                }
                model = t.model();
                ActivationCounts sum = sums.get(t.counts().language);
                if (sum == null) {
                    sums.put(t.counts().language, t.counts());
                } else {
                    try {
                        sum.add(t.counts());
                    } catch (IllegalArgumentException e) {
                        throw new StepFailure(f + ": " + e.getMessage() + " (the shards come from models of different shapes)");
                    }
                }
            }
        }
        if (sums.size() < 2) {
            throw new StepFailure("lape.merge: the shards hold " + sums.keySet() + "; LAPE needs at least two languages");
        }
        List<String> languages = new ArrayList<>(sums.keySet());
        if (!o.strings("languages").isEmpty()) {
            if (!new java.util.HashSet<>(o.strings("languages")).equals(sums.keySet()) || o.strings("languages").size() != sums.size()) {
                throw new StepFailure("lape.merge: option 'languages' is " + o.strings("languages") + " but the shards hold "
                        + new java.util.TreeSet<>(sums.keySet()) + "; list each of those once, in the lape steps' order");
            }
            languages = List.copyOf(o.strings("languages"));
        }
        List<ActivationCounts> ordered = new ArrayList<>();
        languages.forEach(l -> ordered.add(sums.get(l)));
        Path tallies = LapeOutput.talliesDir(context.outputDir());
        for (ActivationCounts c : ordered) {
            LapeOutput.writeTally(LapeOutput.tallyFile(tallies, c.language), c, model);
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("detector", "lape.merge");
        provenance.put("multilens_version", BundleVersion.of(MergeStep.class));
        provenance.put("model", model);
        provenance.put("shards", o.strings("shards"));
        provenance.put("options", o.asMap());
        LapeOutput.select(context.outputDir(), languages, ordered, LapeOutput.rates(o), provenance);
    }
}
