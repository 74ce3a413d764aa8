package io.multilens.plnd.select;

import io.multilens.api.neurons.NeuronSet;
import io.multilens.plnd.tally.LanguageTally;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * From per-language tallies to per-language neuron sets: specific neurons, then overlap
 * removal across languages, then the optional per-group cap by mean importance.
 */
public record Selection(Specificity specificity, Overlap overlap, int maxLanguages, TopN topN) {

    /**
     * Every stage: specific to each language, left after overlap removal ({@code distinct}), and
     * left after the top-N cap ({@code selected}).
     */
    public record Result(Map<String, NeuronSet> specific, Map<String, NeuronSet> distinct, Map<String, NeuronSet> selected) {
    }

    public Result select(Map<String, LanguageTally> tallies) {
        Map<String, NeuronSet> specific = new LinkedHashMap<>();
        tallies.forEach((lang, t) -> specific.put(lang, specificity.specific(t)));
        Map<String, NeuronSet> distinct = overlap.apply(specific, maxLanguages);
        Map<String, NeuronSet> selected = new LinkedHashMap<>();
        distinct.forEach((lang, s) -> selected.put(lang, topN.apply(s, tallies.get(lang))));
        return new Result(specific, distinct, selected);
    }
}
