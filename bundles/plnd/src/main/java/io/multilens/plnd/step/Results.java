package io.multilens.plnd.step;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.output.Stats;
import io.multilens.plnd.select.ReleaseKvRows;
import io.multilens.plnd.select.Selection;
import io.multilens.plnd.tally.GroupTally;
import io.multilens.plnd.tally.LanguageTally;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** From tallies to the detector's files: neurons.json and stats.json (plnd and plnd.merge alike). */
final class Results {

    private Results() {
    }

    /**
     * {@code kvRows}: how tallied k/v indices become k_proj/v_proj rows ({@code ReleaseKvRows(1)}: they
     * already are rows). stats.json counts rows, as neurons.json holds them; top_n_cut counts in the
     * tallies' space.
     */
    static void write(Path out, Map<String, LanguageTally> tallies, Selection selection, int layers, Set<Structure> structures,
                      ReleaseKvRows kvRows, Map<String, Object> provenance) throws IOException {
        Selection.Result result = selection.select(tallies);
        Map<String, Object> withCuts = new java.util.LinkedHashMap<>(provenance);
        withCuts.put("top_n_cut", topNCut(result));
        Map<String, NeuronSet> selected = new LinkedHashMap<>();
        Map<String, Map<NeuronGroup, double[]>> importance = new LinkedHashMap<>();
        meanImportance(result.selected(), tallies).forEach((lang, values) -> {
            selected.put(lang, kvRows.rows(result.selected().get(lang)));
            importance.put(lang, kvRows.rowValues(result.selected().get(lang), values));
        });
        // a row reached both by a removed and by a kept entry is a language's, not shared
        NeuronSet mappedShared = kvRows.rows(shared(result));
        for (NeuronSet s : selected.values()) {
            mappedShared = mappedShared.minus(s);
        }
        new LanguageNeurons(selected, importance, mappedShared, withCuts)
                .write(out.resolve("neurons.json"));
        // stats count what neurons.json holds: k/v rows, also under release-index
        Map<String, NeuronSet> specific = new LinkedHashMap<>();
        result.specific().forEach((lang, s) -> specific.put(lang, kvRows.rows(s)));
        Map<String, Object> stats = Stats.of(layers, structures, tallies, specific, selected);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("stats.json").toFile(), stats);
    }

    /**
     * The neurons specific to some language that overlap removal took out: they matter for
     * several languages. Neurons only the top-N cap left out are not shared (see {@link #topNCut}).
     */
    static NeuronSet shared(Selection.Result result) {
        NeuronSet removed = NeuronSet.empty();
        for (Map.Entry<String, NeuronSet> e : result.specific().entrySet()) {
            removed = removed.union(e.getValue().minus(result.distinct().get(e.getKey())));
        }
        return removed;
    }

    /** Per language, how many neurons the top-N cap left out after overlap removal. */
    static Map<String, Long> topNCut(Selection.Result result) {
        Map<String, Long> out = new LinkedHashMap<>();
        result.distinct().forEach((lang, set) -> out.put(lang, (long) set.size() - result.selected().get(lang).size()));
        return out;
    }

    /** Each selected neuron's mean importance over its language's documents, for "top N" choices downstream. */
    private static Map<String, Map<NeuronGroup, double[]>> meanImportance(Map<String, NeuronSet> selected,
                                                                          Map<String, LanguageTally> tallies) {
        Map<String, Map<NeuronGroup, double[]>> out = new LinkedHashMap<>();
        selected.forEach((lang, set) -> {
            Map<NeuronGroup, double[]> byGroup = new LinkedHashMap<>();
            for (NeuronGroup g : set.groups()) {
                GroupTally tally = tallies.get(lang).groups().get(g);
                byGroup.put(g, Arrays.stream(set.indices(g)).mapToDouble(tally::meanImportance).toArray());
            }
            out.put(lang, byGroup);
        });
        return out;
    }
}
