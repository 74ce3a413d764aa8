package io.multilens.ablation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Stage;
import io.multilens.api.neurons.StageSplit;
import io.multilens.api.neurons.RandomControl;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: ablate} — turns a PLND neuron file into the sets an evaluator switches off: per
 * language, its neurons in the chosen stages and structures (named {@code <lang>}), and a random
 * control of the same size per layer and group (named {@code <lang>.random}).
 */
@Component(service = Step.class)
public final class AblateStep implements Step {

    private static final List<String> BOTH = List.of("attention", "ffn");

    static final PluginInfo INFO = new PluginInfo("ablate", BundleVersion.release(AblateStep.class), PluginKind.ABLATION,
            "Language neurons to deactivate, by layer stage and structure, with same-size random controls",
            List.of(
                    OptionSpec.required("model", OptionType.PATH, "checkpoint folder the neurons were found on (its config.json gives layer and group sizes)"),
                    OptionSpec.optional("languages", OptionType.LIST, List.of(), "languages to ablate; empty: every language in the file"),
                    OptionSpec.optional("n_understanding", OptionType.NUMBER, 0.25, "understanding stage: first N layers, or a fraction of the layers (default from the authors' README: 8 of 32; the paper gives no split)").withRange(0.0, null),
                    OptionSpec.optional("n_generation", OptionType.NUMBER, 0.125, "generation stage: last N layers, or a fraction (authors' README: 4 of 32)").withRange(0.0, null),
                    OptionSpec.optional("understanding", OptionType.LIST, BOTH, "structures switched off in the understanding layers: attention, ffn"),
                    OptionSpec.optional("task_solving", OptionType.LIST, BOTH, "structures switched off in the task-solving layers"),
                    OptionSpec.optional("generation", OptionType.LIST, BOTH, "structures switched off in the generation layers"),
                    new OptionSpec("variant", OptionType.STRING, "all", "all language neurons, or only those not shared with English (the paper's appendix)",
                            List.of("all", "not-english"), false),
                    OptionSpec.optional("top_n", OptionType.INTEGER, 0L, "keep only the N neurons per layer and group with the highest mean importance; 0: all").withRange(0.0, null),
                    OptionSpec.optional("random_control", OptionType.BOOLEAN, true, "also write <lang>.random: same count per layer and group, drawn from the 'random_exclude' pool"),
                    new OptionSpec("random_exclude", OptionType.STRING, RandomControl.Pool.LANGUAGE.key(),
                            RandomControl.POOL_DESCRIPTION, RandomControl.Pool.keys(), false),
                    new OptionSpec("extra_random_pools", OptionType.LIST, List.of(),
                            "further controls from other pools, written as <lang>.random-<pool> (e.g. [all-specific])",
                            RandomControl.Pool.keys(), false),
                    OptionSpec.optional("seed", OptionType.INTEGER, 0L, "seed of the random controls"),
                    OptionSpec.choice("random_match", "none", "importance: also <lang>.random-matched, for each chosen"
                            + " neuron a random one of the same layer and structure in the same decile of the language's"
                            + " importances, never of any language's set (needs the 'tallies' input)", "none", "importance"),
                    OptionSpec.optional("stage_structure_grid", OptionType.BOOLEAN, false,
                            "instead of one set per language: the stage x structure grid, one set per stage"
                                    + " (understanding, task_solving, generation) and structure (attention, ffn, both), each"
                                    + " with a .random control of the same size per layer and group (see grid_sets)"),
                    OptionSpec.choice("grid_sets", "per-language",
                            "what a grid cell switches off: per-language = the authors' protocol, for each language L"
                                    + " but English one cell L.<stage>.<structure> of L's own neurons, its control drawn as"
                                    + " random_exclude says (evaluate English and L: metrics.json paper_protocol_grid);"
                                    + " union = every listed language's neurons together, English's included, control drawn"
                                    + " outside every language's set (an all-languages variant, not the authors' protocol)",
                            "per-language", "union")),
            List.of(PortSpec.input("neurons", true, "neurons.json of a plnd step"),
                    PortSpec.input("tallies", false, "the plnd step's tallies folder (every neuron's importance), for"
                            + " random_match: importance")),
            List.of(PortSpec.output("neurons", "neurons.json", "the sets to deactivate: <lang> and <lang>.random"),
                    PortSpec.output("summary", "ablation.json", "counts per set, stage and structure")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        Path source = context.input("neurons").orElseThrow();
        LanguageNeurons found = LanguageNeurons.read(source);
        ModelConfig config = context.models().config(o.path("model"));
        requireInModel(found, config, source);
        StageSplit split = StageSplit.of(config.numLayers(), o.doubleValue("n_understanding"), o.doubleValue("n_generation"));
        AblationSelector selector = new AblationSelector(split, structures(o), o.intValue("top_n"));

        List<String> languages = o.strings("languages").isEmpty() ? new ArrayList<>(found.byLanguage().keySet()) : o.strings("languages");
        boolean notEnglish = o.string("variant").equals("not-english");
        if (notEnglish && !found.byLanguage().containsKey("en")) {
            throw new StepFailure(source + ": variant not-english needs English neurons, but the file has "
                    + found.byLanguage().keySet() + "; add en to the plnd languages");
        }
        Map<String, NeuronSet> sets = new LinkedHashMap<>();
        Map<String, Map<NeuronGroup, double[]>> importance = new LinkedHashMap<>();
        Map<String, Integer> fellBack = new java.util.TreeMap<>();
        for (String lang : languages) {
            NeuronSet all = found.byLanguage().get(lang);
            if (all == null) {
                throw new StepFailure(source + ": no neurons for '" + lang + "'; the file has " + found.byLanguage().keySet());
            }
            NeuronSet candidates = notEnglish && !lang.equals("en") ? all.minus(found.byLanguage().get("en")) : all;
            Map<NeuronGroup, double[]> langImportance = aligned(found, lang, all, candidates);
            NeuronSet chosen = selector.select(candidates, langImportance, lang);
            sets.put(lang, chosen);
            importance.put(lang, aligned(found, lang, all, chosen));
            if (o.bool("random_control")) {
                Random random = new Random(o.longValue("seed") * 1_000_003L + lang.hashCode());
                NeuronSet avoid = RandomControl.Pool.of(o.string("random_exclude")).exclude(found, lang);
                sets.put(lang + ".random", RandomControl.draw(chosen, avoid, config::groupSize, random));
                for (String pool : o.strings("extra_random_pools")) {
                    Random r = new Random(o.longValue("seed") * 1_000_003L + (lang + "." + pool).hashCode());
                    NeuronSet avoidMore = RandomControl.Pool.of(pool).exclude(found, lang);
                    sets.put(lang + ".random-" + pool, RandomControl.draw(chosen, avoidMore, config::groupSize, r));
                }
            }
            if (o.string("random_match").equals("importance")) {
                Path tallies = context.input("tallies").orElseThrow(() -> new StepFailure("ablate: random_match: importance"
                        + " needs the plnd step's tallies: add 'tallies: ${steps.ID.tallies}' to the step"));
                MatchedControl.Drawn matched = MatchedControl.draw(chosen, RandomControl.Pool.ALL_LANGUAGES.exclude(found, lang),
                        MatchedControl.importances(tallies, lang),
                        new Random(o.longValue("seed") * 1_000_003L + (lang + ".random-matched").hashCode()));
                sets.put(lang + ".random-matched", matched.set());
                fellBack.put(lang, matched.fellBack());
            }
            context.log().accept(String.format("  %s: %d neurons to deactivate (of %d found)", lang, chosen.size(), all.size()));
        }
        if (o.bool("stage_structure_grid")) {
            sets = o.string("grid_sets").equals("union")
                    ? grid(sets, found, config, split, o.longValue("seed"), o.bool("random_control"))
                    : perLanguageGrid(sets, found, config, split, o.longValue("seed"), o.bool("random_control"),
                            RandomControl.Pool.of(o.string("random_exclude")));
            if (sets.isEmpty()) {
                throw new StepFailure("ablate: grid_sets: per-language makes cells for the languages other than English,"
                        + " and " + languages + " has none; add languages, or use grid_sets: union");
            }
            importance = Map.of();
            sets.forEach((name, set) -> context.log().accept(String.format("  %s: %d neurons", name, set.size())));
        }
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", source.toString());
        provenance.put("source_provenance", found.provenance());
        provenance.put("options", o.asMap());
        if (!fellBack.isEmpty()) {
            provenance.put("matched_control_from_another_decile", fellBack);
        }
        provenance.put("stages", Map.of("layers", split.layers(), "understanding", split.understanding(),
                "generation", split.generation()));
        new LanguageNeurons(sets, importance, provenance).write(context.outputDir().resolve("neurons.json"));
        writeSummary(context.outputDir().resolve("ablation.json"), sets, split);
    }

    /**
     * The stage x structure grid as the authors ran it (neuron_deactivate): for each language L
     * other than English, per stage and structure, L's own chosen neurons there ({@code
     * L.<stage>.<structure>}), with a same-size random control drawn outside {@code pool}'s
     * neurons for L ({@code .random}); English and L are then evaluated under each. A cell where L
     * has no neurons has no condition (it would change nothing).
     */
    static Map<String, NeuronSet> perLanguageGrid(Map<String, NeuronSet> perLanguage, LanguageNeurons found,
                                                  ModelConfig config, StageSplit split, long seed, boolean randomControl,
                                                  RandomControl.Pool pool) {
        Map<String, NeuronSet> out = new LinkedHashMap<>();
        for (Map.Entry<String, NeuronSet> e : perLanguage.entrySet()) {
            String lang = e.getKey();
            if (lang.contains(".") || lang.equals("en")) {
                continue;
            }
            NeuronSet avoid = pool.exclude(found, lang);
            for (Stage stage : Stage.values()) {
                for (String structure : List.of("attention", "ffn", "both")) {
                    NeuronSet cell = e.getValue().filter((group, index) -> split.stageOf(group.layer()) == stage
                            && (structure.equals("both") || group.structure().isAttention() == structure.equals("attention")));
                    if (cell.isEmpty()) {
                        continue;   // L has no neurons there: the condition would change nothing
                    }
                    String name = lang + "." + stage.key() + "." + structure;
                    out.put(name, cell);
                    if (randomControl) {
                        out.put(name + ".random", RandomControl.draw(cell, avoid, config::groupSize,
                                new Random(seed * 1_000_003L + name.hashCode())));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The all-languages variant of the grid (not the authors' protocol): per stage and structure,
     * the union of the languages' chosen neurons there, English's included, so English and the
     * others lose theirs together; with a same-size random control that avoids every language's
     * neurons.
     */
    static Map<String, NeuronSet> grid(Map<String, NeuronSet> perLanguage, LanguageNeurons found, ModelConfig config,
                                       StageSplit split, long seed, boolean randomControl) {
        NeuronSet all = NeuronSet.empty();
        for (Map.Entry<String, NeuronSet> e : perLanguage.entrySet()) {
            if (!e.getKey().contains(".")) {
                all = all.union(e.getValue());
            }
        }
        NeuronSet avoid = RandomControl.Pool.ALL_LANGUAGES.exclude(found, "");
        Map<String, NeuronSet> out = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            for (String structure : List.of("attention", "ffn", "both")) {
                NeuronSet cell = all.filter((group, index) -> split.stageOf(group.layer()) == stage
                        && (structure.equals("both") || group.structure().isAttention() == structure.equals("attention")));
                String name = stage.key() + "." + structure;
                out.put(name, cell);
                if (randomControl) {
                    out.put(name + ".random", RandomControl.draw(cell, avoid, config::groupSize, new Random(seed * 1_000_003L + name.hashCode())));
                }
            }
        }
        return out;
    }

    /** Every neuron of the file exists in the model: an index past a group's size would be copied on unnoticed. */
    static void requireInModel(LanguageNeurons found, ModelConfig config, Path source) {
        for (Map.Entry<String, NeuronSet> e : found.byLanguage().entrySet()) {
            for (NeuronGroup g : e.getValue().groups()) {
                int[] idx = e.getValue().indices(g);
                int size = config.groupSize(g.structure());
                if (g.layer() >= config.numLayers() || (idx.length > 0 && (idx[0] < 0 || idx[idx.length - 1] >= size))) {
                    throw new StepFailure(source + ": '" + e.getKey() + "' has " + g + " neuron "
                            + (g.layer() >= config.numLayers() ? idx[0] : idx[idx.length - 1]) + ", but the model has "
                            + config.numLayers() + " layers of " + size + " " + g.structure().name().toLowerCase(java.util.Locale.ROOT)
                            + " neurons; the file was made for another model");
                }
            }
        }
    }

    private static Map<Stage, Set<String>> structures(Options o) {
        Map<Stage, Set<String>> s = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            Set<String> kinds = new LinkedHashSet<>(o.strings(stage.key()));
            for (String k : kinds) {
                if (!BOTH.contains(k)) {
                    throw new StepFailure("option '" + stage.key() + "': '" + k + "' is not a structure; use attention and/or ffn");
                }
            }
            s.put(stage, kinds);
        }
        return s;
    }

    /** The importances of {@code subset}'s neurons, from those the file gives for {@code all}. */
    private static Map<NeuronGroup, double[]> aligned(LanguageNeurons found, String lang, NeuronSet all, NeuronSet subset) {
        Map<NeuronGroup, double[]> out = new TreeMap<>();
        for (NeuronGroup g : subset.groups()) {
            double[] mean = found.importance(lang, g);
            if (mean == null) {
                return Map.of();
            }
            int[] allIdx = all.indices(g);
            out.put(g, java.util.Arrays.stream(subset.indices(g))
                    .mapToDouble(i -> mean[java.util.Arrays.binarySearch(allIdx, i)]).toArray());
        }
        return out;
    }

    private static void writeSummary(Path file, Map<String, NeuronSet> sets, StageSplit split) throws java.io.IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        sets.forEach((name, set) -> {
            Map<String, Long> counts = new TreeMap<>();
            for (NeuronGroup g : set.groups()) {
                String key = split.stageOf(g.layer()).key() + "." + (g.structure().isAttention() ? "attention" : "ffn");
                counts.merge(key, (long) set.count(g), Long::sum);
            }
            summary.put(name, new java.util.TreeMap<>(Map.of("total", set.size(), "by_stage", counts)));
        });
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
    }
}
