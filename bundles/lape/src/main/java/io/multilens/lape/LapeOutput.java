package io.multilens.lape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.data.SafeName;
import io.multilens.api.data.Safetensors;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code lape} and {@code lape.merge} share: the selection thresholds as options, the tally
 * files ({@code tallies/<lang>.safetensors}: positive counts per layer as float64, exact, and the
 * token count), and the outputs made from counts (neurons.json, stats.json, the summed tallies).
 */
final class LapeOutput {

    static final String TALLY_FORMAT = "multilens.lape-tally/1";

    static final List<PortSpec> PORTS = List.of(
            PortSpec.output("neurons", "neurons.json", "per language its FFN units (mean_importance: activation probability)"),
            PortSpec.output("stats", "stats.json", "thresholds, counts per layer, kept units"),
            PortSpec.output("tallies", "tallies", "activation counts per language, to merge with other shards"));

    private LapeOutput() {
    }

    static List<OptionSpec> selectionOptions() {
        return List.of(
                OptionSpec.optional("top_rate", OptionType.NUMBER, LapeSelection.DEFAULTS.topRate(),
                        "fraction of all FFN units kept, those of lowest entropy (LAPE's code: 0.01)").withRange(0.0, 1.0),
                OptionSpec.optional("filter_rate", OptionType.NUMBER, LapeSelection.DEFAULTS.filterRate(),
                        "a unit is dismissed unless some language's activation probability exceeds this quantile of"
                                + " all probabilities (LAPE's code: 0.95)").withRange(0.0, 1.0),
                OptionSpec.optional("activation_bar_ratio", OptionType.NUMBER, LapeSelection.DEFAULTS.activationBarRatio(),
                        "a kept unit belongs to each language whose probability exceeds this quantile (LAPE's code: 0.95)")
                        .withRange(0.0, 1.0));
    }

    static LapeSelection.Rates rates(Options o) {
        return new LapeSelection.Rates(rate(o, "top_rate"), rate(o, "filter_rate"), rate(o, "activation_bar_ratio"));
    }

    private static double rate(Options o, String name) {
        double v = o.doubleValue(name);
        if (!(v > 0 && v <= 1)) {
            throw new StepFailure("option '" + name + "' is " + v + "; it must be a fraction in (0, 1]");
        }
        return v;
    }

    static void writeTally(Path file, ActivationCounts counts, String model) throws IOException {
        Map<String, Safetensors.Doubles> tensors = new LinkedHashMap<>();
        for (int l = 0; l < counts.positive.length; l++) {
            double[] v = new double[counts.positive[l].length];
            for (int u = 0; u < v.length; u++) {
                v[u] = counts.positive[l][u];
            }
            tensors.put(new NeuronGroup(l, Structure.FFN).key() + ".positive", new Safetensors.Doubles(v, new long[] {v.length}));
        }
        Safetensors.write(file, tensors, new java.util.TreeMap<>(Map.of("format", TALLY_FORMAT, "language", counts.language,
                "tokens", Long.toString(counts.tokens), "model", model)));
    }

    /** A tally file's counts and the model it was counted on. */
    record Tally(ActivationCounts counts, String model) {
    }

    static Tally readTally(Path file) throws IOException {
        Map<String, String> meta = Safetensors.metadata(file);
        if (!TALLY_FORMAT.equals(meta.get("format"))) {
            throw new StepFailure(file + ": not a LAPE tally (format " + meta.get("format") + ", expected " + TALLY_FORMAT
                    + "); give the 'tallies' folders of lape steps");
        }
        Map<String, Safetensors.Doubles> tensors = Safetensors.readDoubles(file);
        if (tensors.isEmpty()) {
            throw new StepFailure(file + ": a LAPE tally without counts; the file is corrupt");
        }
        int layers = tensors.size();
        int units = (int) tensors.values().iterator().next().data().length;
        ActivationCounts counts = new ActivationCounts(meta.get("language"), layers, units);
        counts.tokens = Long.parseLong(meta.get("tokens"));
        for (int l = 0; l < layers; l++) {
            Safetensors.Doubles d = tensors.get(new NeuronGroup(l, Structure.FFN).key() + ".positive");
            if (d == null || d.data().length != units) {
                throw new StepFailure(file + ": layer " + l + "'s counts are missing or of another size; the file is corrupt");
            }
            for (int u = 0; u < units; u++) {
                counts.positive[l][u] = (long) d.data()[u];
            }
        }
        return new Tally(counts, meta.getOrDefault("model", ""));
    }

    /** Selects from the counts and writes neurons.json, stats.json and (for merges) the tallies. */
    static void select(Path out, List<String> languages, List<ActivationCounts> counts, LapeSelection.Rates rates,
                       Map<String, Object> provenance) throws IOException {
        double[][][] p = new double[languages.size()][][];
        for (int i = 0; i < p.length; i++) {
            if (counts.get(i).tokens == 0) {
                throw new StepFailure("lape: no tokens for '" + languages.get(i) + "'; its corpus range is empty");
            }
            p[i] = counts.get(i).probabilities();
        }
        LapeSelection.Result result = LapeSelection.select(languages, p, rates);
        Map<String, Object> prov = new LinkedHashMap<>(provenance);
        prov.put("thresholds", Map.of("filter_value", result.filterValue(), "activation_bar", result.activationBar(),
                "kept_units", result.kept()));
        new LanguageNeurons(result.byLanguage(), result.probability(), NeuronSet.empty(), prov).write(out.resolve("neurons.json"));
        int layers = counts.get(0).positive.length;
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.lape-stats/1");
        root.put("filter_value", result.filterValue());
        root.put("activation_bar", result.activationBar());
        root.put("kept_units", result.kept());
        Map<String, Object> perLanguage = new LinkedHashMap<>();
        for (int i = 0; i < languages.size(); i++) {
            NeuronSet set = result.byLanguage().get(languages.get(i));
            int[] perLayer = new int[layers];
            for (NeuronGroup g : set.groups()) {
                perLayer[g.layer()] = set.count(g);
            }
            perLanguage.put(languages.get(i), new java.util.TreeMap<>(Map.of("tokens", counts.get(i).tokens, "total", set.size(), "per_layer", perLayer)));
        }
        root.put("languages", perLanguage);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("stats.json").toFile(), root);
    }

    static Path talliesDir(Path out) throws IOException {
        return Files.createDirectories(out.resolve("tallies"));
    }

    static Path tallyFile(Path tallies, String language) {
        return SafeName.inside(tallies, "language code", language + ".safetensors");
    }
}
