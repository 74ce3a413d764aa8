package io.multilens.lape;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: neurons.compare} — how far two detectors agree: per language the sizes of both
 * sets, their intersection and Jaccard overlap, overall and per layer, for the chosen structures
 * (FFN by default, the only structure LAPE scores).
 */
@Component(service = Step.class)
public final class CompareStep implements Step {

    static final PluginInfo INFO = new PluginInfo("neurons.compare", BundleVersion.release(CompareStep.class),
            PluginKind.UTILITY, "Overlap of two neuron files (e.g. PLND's and LAPE's) per language and layer",
            List.of(OptionSpec.optional("structures", OptionType.LIST, List.of("ffn"), "q, k, v, o, ffn: which groups to compare"),
                    OptionSpec.optional("a_name", OptionType.STRING, "a", "a label for the first file (e.g. plnd)"),
                    OptionSpec.optional("b_name", OptionType.STRING, "b", "a label for the second file (e.g. lape)")),
            List.of(PortSpec.input("a", true, "neurons.json of the first detector"),
                    PortSpec.input("b", true, "neurons.json of the second detector")),
            List.of(PortSpec.output("comparison", "comparison.json", "per language: sizes, intersection, Jaccard, per layer")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Path aFile = context.input("a").orElseThrow();
        Path bFile = context.input("b").orElseThrow();
        LanguageNeurons a = LanguageNeurons.read(aFile);
        LanguageNeurons b = LanguageNeurons.read(bFile);
        List<Structure> structures = new ArrayList<>();
        for (String s : context.options().strings("structures")) {
            try {
                structures.add(Structure.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new StepFailure("option 'structures': '" + s + "' is not one of q, k, v, o, ffn");
            }
        }
        TreeSet<String> languages = new TreeSet<>(a.byLanguage().keySet());
        languages.retainAll(b.byLanguage().keySet());
        if (languages.isEmpty()) {
            throw new StepFailure(aFile + " and " + bFile + " have no language in common (" + a.byLanguage().keySet() + " vs "
                    + b.byLanguage().keySet() + "); compare detectors run on the same languages");
        }
        Map<String, Object> byLanguage = new LinkedHashMap<>();
        for (String lang : languages) {
            NeuronSet sa = only(a.byLanguage().get(lang), structures);
            NeuronSet sb = only(b.byLanguage().get(lang), structures);
            Map<String, Object> entry = overlap(sa, sb);
            Map<Integer, Object> perLayer = new java.util.TreeMap<>();
            TreeSet<Integer> layers = new TreeSet<>();
            sa.groups().forEach(g -> layers.add(g.layer()));
            sb.groups().forEach(g -> layers.add(g.layer()));
            for (int layer : layers) {
                perLayer.put(layer, overlap(sa.filter((g, i) -> g.layer() == layer), sb.filter((g, i) -> g.layer() == layer)));
            }
            entry.put("per_layer", perLayer);
            byLanguage.put(lang, entry);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.neuron-comparison/1");
        root.put("a", new java.util.TreeMap<>(Map.of("name", context.options().string("a_name"), "file", aFile.toString())));
        root.put("b", new java.util.TreeMap<>(Map.of("name", context.options().string("b_name"), "file", bFile.toString())));
        root.put("structures", context.options().strings("structures"));
        root.put("languages", byLanguage);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(context.outputDir().resolve("comparison.json").toFile(), root);
    }

    private static NeuronSet only(NeuronSet set, List<Structure> structures) {
        return set.filter((g, i) -> structures.contains(g.structure()));
    }

    /** Sizes, intersection and Jaccard |A ∩ B| / |A ∪ B| (0 when both are empty). */
    static Map<String, Object> overlap(NeuronSet a, NeuronSet b) {
        long both = a.intersect(b).size();
        long union = a.union(b).size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", a.size());
        m.put("b", b.size());
        m.put("both", both);
        m.put("jaccard", union == 0 ? 0.0 : both / (double) union);
        return m;
    }
}
