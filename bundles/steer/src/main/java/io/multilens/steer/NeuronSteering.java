package io.multilens.steer;

import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.ContentTokens;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.NeuronValues;
import io.multilens.api.neurons.Structure;
import io.multilens.api.plugin.Options;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code method: neurons}: one condition per target language, from the neuron file's FFN units.
 * <ul>
 *   <li>{@code mode: lape} — the recipe of LAPE's steering code and its re-implementations: the
 *   prompt language's units switched off, and the target's activations {@code act(gate)} held at
 *   {@code multiplier ×} their mean on the target's text, still multiplied by {@code up(x)} at every
 *   token (the hook sits before {@code * up}). A unit in both sets is steered, not switched off.</li>
 *   <li>{@code mode: set-mean} — multilens's earlier recipe: the target's units ({@code act(gate) · up})
 *   held at {@code multiplier ×} their mean value, which discards {@code up(x)}'s per-token value and
 *   leaves the prompt language's units on.</li>
 * </ul>
 * On an MLP without a gate (BLOOM) the activation is the unit's value, so the two modes hold the
 * same value and differ only in switching the prompt language's units off.
 */
final class NeuronSteering {

    private NeuronSteering() {
    }

    static List<SteerStep.Steering> conditions(LanguageModel model, Path corpus, List<String> targets, LanguageNeurons found,
                                               Path source, String promptLanguage, Set<Integer> layers, Options o,
                                               ContentTokens contentTokens, List<String> notes) throws java.io.IOException {
        boolean lape = o.string("mode").equals("lape");
        NeuronSet off = NeuronSet.empty();
        if (lape) {
            NeuronSet own = found.byLanguage().get(promptLanguage);
            if (own == null) {
                notes.add("mode lape: " + source + " has no '" + promptLanguage + "' set, so no prompt-language unit was"
                        + " switched off (only the target's activations were held)");
            } else {
                off = ffn(own, layers);
            }
        }
        List<SteerStep.Steering> out = new ArrayList<>();
        for (String target : targets) {
            NeuronSet set = found.byLanguage().get(target);
            if (set == null) {
                throw new StepFailure(source + ": no neurons for '" + target + "'; the file has " + found.byLanguage().keySet());
            }
            NeuronSet steered = ffn(set, layers);
            NeuronValues values = means(model, corpus, target, steered, o, contentTokens,
                    lape ? MlpTrace::activated : MlpTrace::act);
            Intervention change = lape ? (values.isEmpty() ? Intervention.NONE : Intervention.gate(off, values))
                    : Intervention.hold(values);
            Map<String, Object> describe = new TreeMap<>(Map.of("method", "neurons", "mode", o.string("mode"),
                    "neurons", values.size()));
            if (lape) {
                describe.put("switched_off", change.off().size());
            }
            out.add(new SteerStep.Steering(target, target, change, Math.toIntExact(values.size()), describe));
        }
        return out;
    }

    /** The set's FFN units, in {@code layers} only when it names some. */
    private static NeuronSet ffn(NeuronSet set, Set<Integer> layers) {
        return set.filter((g, i) -> g.structure() == Structure.FFN && (layers.isEmpty() || layers.contains(g.layer())));
    }

    /** multiplier x each unit's mean {@code tensor} on the target's text. */
    static NeuronValues means(LanguageModel model, Path corpus, String target, NeuronSet ffn, Options o,
                              ContentTokens contentTokens, java.util.function.Function<MlpTrace, ai.djl.ndarray.NDArray> tensor)
            throws java.io.IOException {
        if (ffn.isEmpty()) {
            return NeuronValues.empty();
        }
        List<String> lines = LineCorpus.read(LineCorpus.file(corpus, target), o.intValue("mean_skip_documents"),
                o.intValue("mean_max_documents"), null);
        MeanActivations means = new MeanActivations(model.config().numLayers(), model.config().intermediateSize(), tensor);
        means.read(model, lines, contentTokens);
        if (means.tokens() == 0) {
            throw new StepFailure(LineCorpus.file(corpus, target) + ": no text in lines " + o.intValue("mean_skip_documents")
                    + "+ to measure mean activations on");
        }
        Map<NeuronGroup, NeuronValues.Entry> entries = new LinkedHashMap<>();
        double k = o.doubleValue("multiplier");
        for (NeuronGroup g : ffn.groups()) {
            int[] idx = ffn.indices(g);
            float[] v = new float[idx.length];
            for (int i = 0; i < idx.length; i++) {
                v[i] = (float) (k * means.mean(g.layer(), idx[i]));
            }
            entries.put(g, new NeuronValues.Entry(idx, v));
        }
        return NeuronValues.of(entries);
    }
}
