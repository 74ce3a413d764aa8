package io.multilens.lape;

import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * LAPE's selection (Tang et al. 2024, "Language-Specific Neurons: The Key to Multilingual
 * Capabilities in Large Language Models"; thresholds as in the authors' released identify.py):
 * <ol>
 * <li>p[L][l][u], the activation probability of unit u of layer l on language L;</li>
 * <li>normalised across languages, q = p / Σ_L p, and the entropy H = -Σ_L q log q (0 log 0 = 0);</li>
 * <li>units where no language's p exceeds the {@code filterRate} quantile of all p are dismissed;</li>
 * <li>the {@code topRate} fraction of all units with the lowest entropy is kept (ties: lower layer,
 * then lower unit first);</li>
 * <li>each kept unit belongs to every language whose p exceeds the {@code activationBarRatio}
 * quantile of all p — so a unit may belong to several languages.</li>
 * </ol>
 * Quantiles are order statistics as torch.kthvalue takes them: the k-th smallest value with
 * k = round(n * rate), 1-based.
 */
final class LapeSelection {

    /** The thresholds; {@link #DEFAULTS} are LAPE's. */
    record Rates(double topRate, double filterRate, double activationBarRatio) {
    }

    static final Rates DEFAULTS = new Rates(0.01, 0.95, 0.95);

    /** What was selected, with the numbers that decided it. */
    record Result(Map<String, NeuronSet> byLanguage, Map<String, Map<NeuronGroup, double[]>> probability,
                  double[][] entropy, double filterValue, double activationBar, int kept) {
    }

    private LapeSelection() {
    }

    /** @param p [language][layer][unit] activation probabilities */
    static Result select(List<String> languages, double[][][] p, Rates rates) {
        int nl = p.length;
        int layers = p[0].length;
        int units = p[0][0].length;
        double[] all = new double[nl * layers * units];
        int k = 0;
        for (double[][] lang : p) {
            for (double[] layer : lang) {
                for (double v : layer) {
                    all[k++] = v;
                }
            }
        }
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double filterValue = kth(sorted, rates.filterRate());
        double bar = kth(sorted, rates.activationBarRatio());
        double[][] entropy = new double[layers][units];
        List<int[]> candidates = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (int u = 0; u < units; u++) {
                double sum = 0;
                boolean aboveFilter = false;
                for (double[][] lang : p) {
                    sum += lang[l][u];
                    aboveFilter |= lang[l][u] > filterValue;
                }
                double h = 0;
                for (double[][] lang : p) {
                    double q = sum == 0 ? 0 : lang[l][u] / sum;
                    h -= q > 0 ? q * Math.log(q) : 0;
                }
                entropy[l][u] = aboveFilter ? h : Double.POSITIVE_INFINITY;
                candidates.add(new int[] {l, u});
            }
        }
        candidates.sort((a, b) -> {
            int c = Double.compare(entropy[a[0]][a[1]], entropy[b[0]][b[1]]);
            return c != 0 ? c : a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
        });
        int keep = (int) Math.rint(layers * (double) units * rates.topRate());   // Python round(): half to even
        Map<String, Map<NeuronGroup, List<Integer>>> chosen = new LinkedHashMap<>();
        languages.forEach(lang -> chosen.put(lang, new TreeMap<>()));
        for (int i = 0; i < keep && i < candidates.size(); i++) {
            int l = candidates.get(i)[0];
            int u = candidates.get(i)[1];
            for (int li = 0; li < nl; li++) {
                if (p[li][l][u] > bar) {
                    chosen.get(languages.get(li)).computeIfAbsent(new NeuronGroup(l, Structure.FFN), g -> new ArrayList<>()).add(u);
                }
            }
        }
        Map<String, NeuronSet> sets = new LinkedHashMap<>();
        Map<String, Map<NeuronGroup, double[]>> probability = new LinkedHashMap<>();
        for (int li = 0; li < nl; li++) {
            String lang = languages.get(li);
            Map<NeuronGroup, int[]> groups = new TreeMap<>();
            Map<NeuronGroup, double[]> probs = new TreeMap<>();
            for (Map.Entry<NeuronGroup, List<Integer>> e : chosen.get(lang).entrySet()) {
                int[] idx = e.getValue().stream().mapToInt(Integer::intValue).sorted().toArray();
                groups.put(e.getKey(), idx);
                double[] v = new double[idx.length];
                for (int j = 0; j < idx.length; j++) {
                    v[j] = p[li][e.getKey().layer()][idx[j]];
                }
                probs.put(e.getKey(), v);
            }
            sets.put(lang, NeuronSet.of(groups));
            probability.put(lang, probs);
        }
        return new Result(sets, probability, entropy, filterValue, bar, Math.min(keep, candidates.size()));
    }

    /** The k-th smallest value, k = round(n * rate), 1-based (at least the first). */
    static double kth(double[] sorted, double rate) {
        int k = (int) Math.rint(sorted.length * rate);   // Python round(): half to even
        return sorted[Math.max(0, Math.min(sorted.length - 1, k - 1))];
    }
}
