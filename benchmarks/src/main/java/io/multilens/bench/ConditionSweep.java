package io.multilens.bench;

import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An evaluator's sweep: the same prompts generated under 11 conditions (the baseline and ten
 * sets of FFN neurons switched off), one condition per call as before, and all eleven in one
 * batch with each row's own neurons off, as evaluators now run them (conditions_per_pass: 0).
 * Greedy decoding reads every weight once per step, so rows of several conditions cost little
 * more than one condition's.
 */
final class ConditionSweep {

    static final int CONDITIONS = 11;
    static final int PROMPTS = 4;
    static final int NEW_TOKENS = 32;
    /** The ratio issue 25 asks for on the bench shape. */
    static final double TARGET = 4.0;

    private ConditionSweep() {
    }

    /** The baseline and ten sets of 32 FFN units a layer, drawn from {@code random}. */
    static List<Intervention> conditions(io.multilens.api.model.ModelConfig config, Random random) {
        List<Intervention> conditions = new ArrayList<>();
        conditions.add(Intervention.NONE);
        for (int c = 1; c < CONDITIONS; c++) {
            Map<NeuronGroup, int[]> groups = new TreeMap<>();
            for (int layer = 0; layer < config.numLayers(); layer++) {
                groups.put(new NeuronGroup(layer, Structure.FFN), random.ints(0, config.intermediateSize())
                        .distinct().limit(32).sorted().toArray());
            }
            conditions.add(Intervention.off(NeuronSet.of(groups)));
        }
        return conditions;
    }

    /** Runs the sweep and prints it; its last line, the target, is returned for the summary. */
    static String run(LanguageModel model) {
        Random random = new Random(7);
        int[][] prompts = new int[PROMPTS][32];
        for (int[] p : prompts) {
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextInt(model.config().vocabSize());
            }
        }
        List<Intervention> conditions = conditions(model.config(), random);
        GenerationOptions opts = new GenerationOptions(NEW_TOKENS, List.of(), false);
        double oneAtATime = Measure.seconds(1, () -> {
            for (Intervention c : conditions) {
                model.generateIds(prompts, opts, c);
            }
        });
        int[][] rows = new int[CONDITIONS * PROMPTS][];
        List<Intervention> perRow = new ArrayList<>();
        for (int p = 0; p < PROMPTS; p++) {
            for (Intervention c : conditions) {
                rows[perRow.size()] = prompts[p];
                perRow.add(c);
            }
        }
        int[][] together = model.generateIds(rows, opts, perRow);
        int[][] alone = model.generateIds(prompts, opts, conditions.get(CONDITIONS - 1));
        boolean same = true;
        for (int p = 0; p < PROMPTS; p++) {
            same &= java.util.Arrays.equals(together[p * CONDITIONS + CONDITIONS - 1], alone[p]);
        }
        double batched = Measure.seconds(1, () -> model.generateIds(rows, opts, perRow));
        double ratio = oneAtATime / batched;
        System.out.printf("%nevaluator sweep: %d prompts x %d new tokens under %d conditions (baseline + 10 sets of FFN"
                + " neurons off)%n", PROMPTS, NEW_TOKENS, CONDITIONS);
        System.out.printf("  one condition per call: %.2f s; all in one batch: %.2f s; same continuations: %s%n",
                oneAtATime, batched, same ? "yes" : "NO");
        String line = String.format("condition sweep, %d conditions: batched %.2fx faster than one at a time (target >= %.1f) %s",
                CONDITIONS, ratio, TARGET, ratio >= TARGET ? "pass" : "FAIL");
        System.out.println(line);
        return line;
    }
}
