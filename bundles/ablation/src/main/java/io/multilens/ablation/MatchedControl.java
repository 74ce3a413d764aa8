package io.multilens.ablation;

import io.multilens.api.data.LineCorpus;
import io.multilens.api.data.Safetensors;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.status.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A random control matched on importance: for each selected neuron, a random neuron of the same
 * layer and structure whose importance on the language falls in the same decile of that group's
 * importance distribution, never one of any language's set. The uniform control draws from all
 * other neurons, so its neurons are mostly unimportant ones; this one takes as much of the
 * language's computation away as chance allows without taking the language's own neurons.
 * Importances are PLND's mean over the language's documents ({@code importance_sum / documents}
 * of the plnd step's {@code tallies/<lang>.safetensors}). Where a decile has no candidate left,
 * the nearest decile that has one is used, and counted.
 */
final class MatchedControl {

    static final int DECILES = 10;

    /** The drawn set and how many of its neurons came from another decile than their match. */
    record Drawn(NeuronSet set, int fellBack) {
    }

    private MatchedControl() {
    }

    /** Mean importance of every neuron of every group, from a plnd tally file. */
    static Map<NeuronGroup, double[]> importances(Path talliesDir, String language) {
        Path file = LineCorpus.file(talliesDir.resolve("{lang}.safetensors"), language);
        if (!Files.isRegularFile(file)) {
            throw new StepFailure(file + ": no PLND tally for '" + language + "'; random_match: importance needs the"
                    + " plnd step's tallies (tallies: ${steps.ID.tallies})");
        }
        try {
            long documents = Long.parseLong(Safetensors.metadata(file).getOrDefault("documents", "0"));
            if (documents <= 0) {
                throw new StepFailure(file + ": the tally counts no documents");
            }
            Map<NeuronGroup, double[]> out = new TreeMap<>();
            Safetensors.readDoubles(file).forEach((key, t) -> {
                if (key.endsWith(".importance_sum")) {
                    double[] mean = t.data().clone();
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] /= documents;
                    }
                    out.put(NeuronGroup.parse(key.substring(0, key.length() - ".importance_sum".length())), mean);
                }
            });
            return out;
        } catch (IOException | NumberFormatException e) {
            throw new StepFailure(file + ": not a PLND tally (" + e.getMessage() + ")");
        }
    }

    /** Each neuron's decile of its group's importances: 0 the least important tenth, 9 the most. */
    static int[] deciles(double[] importance) {
        Integer[] order = new Integer[importance.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(importance[a], importance[b]));
        int[] decile = new int[importance.length];
        for (int rank = 0; rank < order.length; rank++) {
            decile[order[rank]] = (int) ((long) rank * DECILES / order.length);
        }
        return decile;
    }

    /** One matched neuron per neuron of {@code chosen}, never one of {@code exclude}. */
    static Drawn draw(NeuronSet chosen, NeuronSet exclude, Map<NeuronGroup, double[]> importance, Random random) {
        Map<NeuronGroup, int[]> out = new TreeMap<>();
        int fellBack = 0;
        for (NeuronGroup g : chosen.groups()) {
            double[] imp = importance.get(g);
            if (imp == null) {
                throw new StepFailure("random_match: importance: the tallies have no importances for " + g
                        + "; they come from a plnd step that did not score " + g.structure().name().toLowerCase(java.util.Locale.ROOT));
            }
            int[] decile = deciles(imp);
            List<List<Integer>> pool = new ArrayList<>();
            for (int d = 0; d < DECILES; d++) {
                pool.add(new ArrayList<>());
            }
            for (int i = 0; i < imp.length; i++) {
                if (!exclude.contains(g, i)) {
                    pool.get(decile[i]).add(i);
                }
            }
            int[] picked = new int[chosen.count(g)];
            int n = 0;
            for (int s : chosen.indices(g)) {
                int d = nearestWithCandidates(pool, decile[s]);
                if (d < 0) {
                    throw new StepFailure("random_match: importance: " + g + " has no neuron outside every language's set"
                            + " left to match " + chosen.count(g) + " neurons");
                }
                fellBack += d == decile[s] ? 0 : 1;
                List<Integer> candidates = pool.get(d);
                picked[n++] = candidates.remove(random.nextInt(candidates.size()));
            }
            Arrays.sort(picked);
            out.put(g, picked);
        }
        return new Drawn(NeuronSet.of(out), fellBack);
    }

    /** The decile nearest {@code want} (ties: the more important one) that still has candidates; -1 if none has. */
    private static int nearestWithCandidates(List<List<Integer>> pool, int want) {
        for (int distance = 0; distance < DECILES; distance++) {
            for (int d : new int[] {want + distance, want - distance}) {
                if (d >= 0 && d < DECILES && !pool.get(d).isEmpty()) {
                    return d;
                }
            }
        }
        return -1;
    }
}
