package io.multilens.eval.tasks.run;

import io.multilens.eval.tasks.metrics.MeanTally;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per condition, language and metric, the tally of item scores; insertion order is report order. */
public final class Results {

    private final List<String> metrics;
    private final Map<String, Map<String, Map<String, MeanTally>>> tallies = new LinkedHashMap<>();

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
