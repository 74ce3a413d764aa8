package io.multilens.plnd.select;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.plnd.tally.GroupTally;
import io.multilens.plnd.tally.LanguageTally;

/** Hand-made tallies: one document per row of a score table, with its activity flags. */
final class Tallies {

    private Tallies() {
    }

    /** Adds documents to a group: {@code active[d][i]} and {@code scores[d][i]}. */
    static LanguageTally add(LanguageTally tally, NeuronGroup group, boolean[][] active, float[][] scores) {
        GroupTally t = tally.group(group, scores[0].length);
        for (int d = 0; d < scores.length; d++) {
            t.add(scores[d], active[d]);
        }
        return tally;
    }

    /** Documents whose activity is "score > 0", the score table given row by row. */
    static LanguageTally of(String lang, NeuronGroup group, float[]... scores) {
        boolean[][] active = new boolean[scores.length][];
        for (int d = 0; d < scores.length; d++) {
            active[d] = new boolean[scores[d].length];
            for (int i = 0; i < scores[d].length; i++) {
                active[d][i] = scores[d][i] > 0;
            }
        }
        LanguageTally tally = new LanguageTally(lang);
        tally.addDocuments(scores.length, 10L * scores.length);
        return add(tally, group, active, scores);
    }
}
