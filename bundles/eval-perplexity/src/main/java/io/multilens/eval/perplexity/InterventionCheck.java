package io.multilens.eval.perplexity;

import io.multilens.api.neurons.Condition;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guards against ablations that silently do nothing (published results have come from those): a
 * condition that switches off no neuron in any evaluated language never fired, and one whose every
 * document's NLL equals the baseline's changed nothing. Either fails the step, naming the
 * conditions, unless the workflow allows it — then it is recorded as a warning. "Equals" allows a
 * relative 1e-6: a document's rows under two conditions may sit in differently padded batches,
 * whose float32 rounding differs by about 1e-7 while the condition itself does nothing.
 */
final class InterventionCheck {

    /** Per condition: the most neurons it switched off in one language, and the documents whose NLL moved. */
    record Effect(long neurons, long changedDocuments, long documents) {
        Map<String, Object> json() {
            // an ordered map: Map.of's order changes from one JVM to the next, and metrics.json must not
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("neurons", neurons);
            json.put("changed_documents", changedDocuments);
            json.put("documents", documents);
            return json;
        }
    }

    /** Relative difference below which two NLLs of one document count as the same. */
    static final double SAME = 1e-6;

    private InterventionCheck() {
    }

    /** @param nll condition name -> language -> NLL per document */
    static Map<String, Effect> effects(List<Condition> conditions, List<String> languages, Map<String, Map<String, double[]>> nll) {
        Map<String, double[]> baseline = nll.get(Condition.BASELINE);
        Map<String, Effect> out = new LinkedHashMap<>();
        for (Condition c : conditions) {
            if (c.name().equals(Condition.BASELINE)) {
                continue;
            }
            long neurons = 0;
            long changed = 0;
            long documents = 0;
            for (String lang : languages) {
                NeuronSet set = c.neurons().apply(lang);
                neurons = Math.max(neurons, set.size());
                if (set.isEmpty() || baseline == null) {
                    continue;
                }
                double[] mine = nll.get(c.name()).get(lang);
                double[] base = baseline.get(lang);
                for (int d = 0; d < mine.length; d++) {
                    documents++;
                    changed += Math.abs(mine[d] - base[d]) > SAME * Math.max(1e-12, Math.abs(base[d])) ? 1 : 0;
                }
            }
            out.put(c.name(), new Effect(neurons, changed, documents));
        }
        return out;
    }

    /** The conditions that did nothing, each with why; empty when all fired and changed something. */
    static List<String> noOps(Map<String, Effect> effects) {
        List<String> out = new ArrayList<>();
        // without a baseline only "switches off nothing" can be checked; the caller says so
        effects.forEach((name, e) -> {
            if (e.neurons() == 0) {
                out.add("'" + name + "' switches off no neuron");
            } else if (e.documents() > 0 && e.changedDocuments() == 0) {
                out.add("'" + name + "' switches off " + e.neurons() + " neurons but no document's NLL changed");
            }
        });
        return out;
    }

    static void requireEffect(List<String> noOps, java.nio.file.Path neuronsFile) {
        if (!noOps.isEmpty()) {
            throw new StepFailure("eval.perplexity: " + String.join("; ", noOps) + " (sets from " + neuronsFile + "); such a"
                    + " condition measures nothing — check the detector's thresholds, or set allow_noop_conditions: true to"
                    + " record them as warnings");
        }
    }
}
