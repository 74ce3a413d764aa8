package io.multilens.testkit;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every document under conditions that start at different layers (none, the first layer's FFN,
 * a middle layer's q, the last layer's FFN), all rows in one call — where rows share the blocks
 * below their first layer — against each row alone: every document's NLL within 1e-5 relative.
 */
public final class SharedPrefixCheck {

    private SharedPrefixCheck() {
    }

    /** The conditions, in the order {@link #assertRowsEqualAlone} uses them. */
    public static List<NeuronSet> conditions(ModelConfig c) {
        int last = c.numLayers() - 1;
        return List.of(NeuronSet.empty(),
                NeuronSet.of(Map.of(new NeuronGroup(0, Structure.FFN), new int[] {0, 1, 2})),
                NeuronSet.of(Map.of(new NeuronGroup(c.numLayers() / 2, Structure.Q), new int[] {0, 1})),
                NeuronSet.of(Map.of(new NeuronGroup(last, Structure.FFN), new int[] {3, 4, 5})));
    }

    /** The rows: each document under each condition, document-major. */
    public static int[][] rows(int[][] documents, int conditions) {
        int[][] rows = new int[documents.length * conditions][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = documents[r / conditions];
        }
        return rows;
    }

    /** Throws AssertionError naming the row whose NLL differs. */
    public static void assertRowsEqualAlone(LanguageModel model, int[][] documents) {
        List<NeuronSet> sets = conditions(model.config());
        int[][] rows = rows(documents, sets.size());
        List<Intervention> perRow = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            perRow.add(Intervention.off(sets.get(r % sets.size())));
        }
        double[][] together = model.tokenLogProbs(rows, perRow);
        boolean changed = false;
        for (int r = 0; r < rows.length; r++) {
            double alone = nll(model.tokenLogProbs(new int[][] {rows[r]}, perRow.get(r))[0]);
            double shared = nll(together[r]);
            if (Math.abs(shared - alone) > 1e-5 * Math.abs(alone)) {
                throw new AssertionError("row " + r + " (document " + r / sets.size() + ", condition " + r % sets.size()
                        + "): NLL " + shared + " in one call, " + alone + " alone");
            }
            double baseline = nll(together[r - r % sets.size()]);
            changed |= Math.abs(shared - baseline) > 1e-6 * Math.abs(baseline);
        }
        if (!changed) {
            throw new AssertionError("no condition changed any NLL: the check would pass whatever the rows computed");
        }
    }

    private static double nll(double[] logProbs) {
        double sum = 0;
        for (double lp : logProbs) {
            sum -= lp;
        }
        return sum;
    }
}
