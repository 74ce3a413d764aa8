package io.multilens.eval.tasks.run;

import io.multilens.eval.tasks.metrics.MeanTally;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per condition, language and metric, the tally of item scores; insertion order is report order. */
public final class Results {

    private final List<String> metrics;
    private final Map<String, Map<String, Map<String, MeanTally>>> tallies = new LinkedHashMap<>();
    /** condition -> language -> item id -> metric -> score, for tests that pair conditions on items. */
    private final Map<String, Map<String, Map<String, Map<String, Double>>>> items = new LinkedHashMap<>();
    /** condition -> language -> item id -> the model's raw output, to see whether a condition changed anything. */
    private final Map<String, Map<String, Map<String, String>>> outputs = new LinkedHashMap<>();

    public Results(List<String> metrics) {
        this.metrics = List.copyOf(metrics);
    }

    public List<String> metrics() {
        return metrics;
    }

    public void add(String condition, String language, Prediction p) {
        Map<String, MeanTally> byMetric = tallies.computeIfAbsent(condition, c -> new LinkedHashMap<>())
                .computeIfAbsent(language, l -> new LinkedHashMap<>());
        for (String m : metrics) {
            Double score = p.scores().get(m);
            if (score == null) {
                throw new IllegalStateException("item " + p.id() + " has no score for " + m);
            }
            byMetric.computeIfAbsent(m, k -> new MeanTally()).add(score);
        }
        Map<String, Map<String, Double>> scored = items.computeIfAbsent(condition, c -> new LinkedHashMap<>())
                .computeIfAbsent(language, l -> new LinkedHashMap<>());
        // an id met again (data with repeated ids) pairs with its own repetition in the other condition
        int seen = 0;
        while (scored.containsKey(p.id() + "#" + seen)) {
            seen++;
        }
        scored.put(p.id() + "#" + seen, p.scores());
        outputs.computeIfAbsent(condition, c -> new LinkedHashMap<>()).computeIfAbsent(language, l -> new LinkedHashMap<>())
                .put(p.id() + "#" + seen, String.valueOf(p.output()));
    }

    /** How many of {@code language}'s items got another raw output under {@code condition} than under {@code baseline}. */
    public long changedOutputs(String baseline, String condition, String language) {
        Map<String, String> a = outputs.getOrDefault(baseline, Map.of()).getOrDefault(language, Map.of());
        Map<String, String> b = outputs.getOrDefault(condition, Map.of()).getOrDefault(language, Map.of());
        return b.entrySet().stream().filter(e -> a.containsKey(e.getKey()) && !a.get(e.getKey()).equals(e.getValue())).count();
    }

    /**
     * The scores of {@code metric} on the items both conditions scored, in the first condition's
     * order: {@code [0]} the first condition's, {@code [1]} the second's.
     */
    public double[][] paired(String first, String second, String language, String metric) {
        Map<String, Map<String, Double>> a = items.getOrDefault(first, Map.of()).getOrDefault(language, Map.of());
        Map<String, Map<String, Double>> b = items.getOrDefault(second, Map.of()).getOrDefault(language, Map.of());
        List<String> common = a.keySet().stream().filter(b::containsKey).toList();
        double[][] out = new double[2][common.size()];
        for (int i = 0; i < common.size(); i++) {
            out[0][i] = a.get(common.get(i)).get(metric);
            out[1][i] = b.get(common.get(i)).get(metric);
        }
        return out;
    }

    /** Starts a (possibly empty) entry so a language with no items still shows up. */
    public void open(String condition, String language) {
        tallies.computeIfAbsent(condition, c -> new LinkedHashMap<>()).computeIfAbsent(language, l -> new LinkedHashMap<>());
    }

    public Map<String, Map<String, Map<String, MeanTally>>> tallies() {
        return tallies;
    }

    public MeanTally tally(String condition, String language, String metric) {
        return tallies.get(condition).get(language).getOrDefault(metric, new MeanTally());
    }
}
