package io.multilens.plnd.tally;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.plnd.score.ScoreSink;
import io.multilens.plnd.select.ActivityRules;

/** Decides each document's active neurons as its scores arrive and adds both to the language's tally. */
public final class TallyingSink implements ScoreSink {

    private final LanguageTally tally;
    private final ActivityRules rules;

    public TallyingSink(LanguageTally tally, ActivityRules rules) {
        this.tally = tally;
        this.rules = rules;
    }

    @Override
    public void accept(NeuronGroup group, float[][] scores) {
        for (float[] document : scores) {
            for (int i = 0; i < document.length; i++) {
                if (!Float.isFinite(document[i])) {
                    // a NaN importance would rank as "most important" or vanish: neither is a result
                    throw new io.multilens.api.status.StepFailure("plnd: the importance of neuron " + i + " of "
                            + group.key() + " is " + document[i] + " on a document of '" + tally.language()
                            + "': the model's activations are not finite there (check its weights and config.json,"
                            + " e.g. rms_norm_eps)");
                }
            }
            boolean[] active = rules.forStructure(group.structure()).active(document);
            tally.group(group, document.length).add(document, active);
        }
    }
}
