package io.multilens.testkit;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.NeuronValues;
import io.multilens.api.neurons.Structure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rows under changes of every kind in one call — nothing, neurons off, values held, LAPE's held
 * gates, a residual shift — against each row alone: every document's NLL within 1e-5 relative, and
 * the same greedy continuation. This is how the steering step batches its conditions.
 */
public final class MixedChangesCheck {

    private MixedChangesCheck() {
    }

    public static List<Intervention> changes(ModelConfig c) {
        int middle = c.numLayers() / 2;
        int last = c.numLayers() - 1;
        float[] shift = new float[c.hiddenSize()];
        for (int h = 0; h < shift.length; h++) {
            shift[h] = 0.5f * (h % 3 - 1);                        // not constant: a LayerNorm would remove a constant
        }
        return List.of(Intervention.NONE,
                Intervention.off(NeuronSet.of(Map.of(new NeuronGroup(0, Structure.FFN), new int[] {0, 1, 2}))),
                Intervention.hold(NeuronValues.of(Map.of(new NeuronGroup(middle, Structure.FFN),
                        new NeuronValues.Entry(new int[] {1, 4}, new float[] {2.5f, -3f})))),
                Intervention.gate(NeuronSet.of(Map.of(new NeuronGroup(last, Structure.FFN), new int[] {5, 6})),
                        NeuronValues.of(Map.of(new NeuronGroup(0, Structure.FFN), new NeuronValues.Entry(new int[] {3}, new float[] {4f})))),
                Intervention.shift(1, shift));
    }

    /** Throws AssertionError naming the row that differs. */
    public static void assertRowsEqualAlone(LanguageModel model, int[][] documents) {
        List<Intervention> changes = changes(model.config());
        int[][] rows = SharedPrefixCheck.rows(documents, changes.size());
        List<Intervention> perRow = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            perRow.add(changes.get(r % changes.size()));
        }
        double[][] together = model.tokenLogProbs(rows, perRow);
        GenerationOptions greedy = new GenerationOptions(4, List.of(), false);
        int[][] generated = model.generateIds(rows, greedy, perRow);
        int[] changed = new int[changes.size()];
        for (int r = 0; r < rows.length; r++) {
            double alone = nll(model.tokenLogProbs(new int[][] {rows[r]}, perRow.get(r))[0]);
            double shared = nll(together[r]);
            String row = "row " + r + " (document " + r / changes.size() + ", change " + r % changes.size() + ")";
            if (Math.abs(shared - alone) > 1e-5 * Math.abs(alone)) {
                throw new AssertionError(row + ": NLL " + shared + " in one call, " + alone + " alone");
            }
            int[] ids = model.generateIds(new int[][] {rows[r]}, greedy, perRow.get(r))[0];
            if (!Arrays.equals(ids, generated[r])) {
                throw new AssertionError(row + ": continuation " + Arrays.toString(generated[r]) + " in one call, "
                        + Arrays.toString(ids) + " alone");
            }
            double baseline = nll(together[r - r % changes.size()]);
            changed[r % changes.size()] += Math.abs(shared - baseline) > 1e-6 * Math.abs(baseline) ? 1 : 0;
        }
        for (int c = 1; c < changes.size(); c++) {
            if (changed[c] == 0) {
                throw new AssertionError("change " + c + " changed no document's NLL (per change: " + Arrays.toString(changed)
                        + "), so the check proves little for it");
            }
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
