package io.multilens.bench;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.kit.SharedPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A perplexity sweep of the paper's stage x structure grid (issue 25's shared prefixes): per
 * document one call with the baseline and 18 conditions (understanding / task-solving / generation
 * layers x attention / FFN / both x own / random), where rows share the blocks below their first
 * layer, against the same sets each with one more FFN unit in layer 0, so that every row runs
 * from the embeddings (the same work without sharing).
 */
final class StageSweep {

    private StageSweep() {
    }

    static void run(LanguageModel model, int[][] docs) {
        int layers = model.config().numLayers();
        int[][] stages = {range(0, layers / 4), range(layers / 4, layers * 3 / 4), range(layers * 3 / 4, layers)};
        Random random = new Random(3);
        List<NeuronSet> staged = new ArrayList<>();
        List<NeuronSet> fromZero = new ArrayList<>();
        staged.add(NeuronSet.empty());
        fromZero.add(NeuronSet.empty());
        for (int[] stage : stages) {
            for (int structures = 0; structures < 3; structures++) {
                for (int copy = 0; copy < 2; copy++) {
                    Map<NeuronGroup, int[]> groups = new TreeMap<>();
                    for (int l : stage) {
                        if (structures != 1) {
                            groups.put(new NeuronGroup(l, Structure.Q), pick(random, model.config().qDim(), 16));
                        }
                        if (structures != 0) {
                            groups.put(new NeuronGroup(l, Structure.FFN), pick(random, model.config().intermediateSize(), 32));
                        }
                    }
                    staged.add(NeuronSet.of(groups));
                    Map<NeuronGroup, int[]> early = new TreeMap<>(groups);
                    early.merge(new NeuronGroup(0, Structure.FFN), new int[] {model.config().intermediateSize() - 1},
                            (a, b) -> java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray());
                    fromZero.add(NeuronSet.of(early));
                }
            }
        }
        int c = staged.size();
        int[][] rows = new int[c][];
        double shared = Measure.seconds(1, () -> sweep(model, docs, staged));
        double plain = Measure.seconds(1, () -> sweep(model, docs, fromZero));
        Arrays.fill(rows, docs[0]);
        double blocks = SharedPrefix.blockRows(rows, staged, layers) / (double) (c * layers);
        System.out.printf("%nstage sweep: %d documents x %d conditions (baseline + stage x structure x own/random), one call per"
                + " document%n  rows sharing the blocks below their first layer: %.2f s; every row from the embeddings: %.2f s%n",
                docs.length, c, shared, plain);
        System.out.printf("stage sweep, %d conditions: shared prefixes %.2fx faster (blocks run: %.2f of one pass)%n",
                c, plain / shared, blocks);
    }

    private static void sweep(LanguageModel model, int[][] docs, List<NeuronSet> sets) {
        List<Intervention> perRow = sets.stream().map(Intervention::off).toList();
        for (int[] d : docs) {
            int[][] rows = new int[sets.size()][];
            Arrays.fill(rows, d);
            model.tokenLogProbs(rows, perRow);
        }
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, Math.max(from + 1, to)).toArray();
    }

    private static int[] pick(Random random, int size, int count) {
        return random.ints(0, size).distinct().limit(count).sorted().toArray();
    }
}
