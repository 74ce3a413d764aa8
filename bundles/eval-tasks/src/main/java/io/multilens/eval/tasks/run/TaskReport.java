package io.multilens.eval.tasks.run;

import io.multilens.eval.tasks.metrics.MeanTally;
import io.multilens.eval.tasks.metrics.PairedComparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json} in lm-evaluation-harness's layout ({@code results}, per condition and
 * language, each metric with {@code <metric>_stderr}; {@code averages}, the unweighted mean over
 * languages; {@code config}; {@code n-samples}) and the console table. Scores are fractions.
 */
public final class TaskReport {

    private static final String BASELINE = io.multilens.api.neurons.Condition.BASELINE;

    private final String task;
    private final List<String> languages;
    private final Results results;
    private final Map<String, ? extends LanguageData<?>> data;

    public TaskReport(String task, List<String> languages, Results results, Map<String, ? extends LanguageData<?>> data) {
        this.task = task;
        this.languages = languages;
        this.results = results;
        this.data = data;
    }

    public Map<String, Object> metrics(Map<String, Object> config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.eval-tasks/1");
        root.put("task", task);
        Map<String, Object> res = new LinkedHashMap<>();
        Map<String, Object> avg = new LinkedHashMap<>();
        results.tallies().forEach((cond, byLang) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            byLang.forEach((lang, byMetric) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String metric : results.metrics()) {
                    MeanTally t = results.tally(cond, lang, metric);
                    m.put(metric, finite(t.mean()));
                    m.put(metric + "_stderr", finite(t.stderr()));
                }
                m.put("samples", data.get(lang).items().size());
                c.put(lang, m);
            });
            res.put(cond, c);
            avg.put(cond, average(cond));
        });
        root.put("results", res);
        root.put("averages", avg);
        root.put("paired_vs_baseline", paired());
        root.put("config", config);
        Map<String, Object> n = new LinkedHashMap<>();
        data.forEach((lang, d) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("original", d.original());
            e.put("effective", d.items().size());
            e.put("truncated", d.truncated());
            n.put(lang, e);
        });
        root.put("n-samples", n);
        return root;
    }

    /**
     * The unweighted mean over languages of each metric; its standard error treats the languages'
     * samples as independent: sqrt(sum of squared stderrs) / number of languages.
     */
    Map<String, Object> average(String condition) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String metric : results.metrics()) {
            double sum = 0;
            double variance = 0;
            int k = 0;
            for (String lang : languages) {
                MeanTally t = results.tally(condition, lang, metric);
                if (t.count() > 0) {
                    sum += t.mean();
                    variance += t.stderr() * t.stderr();
                    k++;
                }
            }
            m.put(metric, k == 0 ? null : finite(sum / k));
            m.put(metric + "_stderr", k == 0 ? null : finite(Math.sqrt(variance) / k));
        }
        m.put("languages", k(condition));
        return m;
    }

    private int k(String condition) {
        return (int) languages.stream().filter(l -> results.tally(condition, l, results.metrics().get(0)).count() > 0).count();
    }

    /**
     * Every condition against the baseline on the same items, per language and metric: the mean
     * paired difference, its standard error and a paired test ({@link PairedComparison}).
     */
    Map<String, Object> paired() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!results.tallies().containsKey(BASELINE)) {
            return out;
        }
        for (String cond : results.tallies().keySet()) {
            if (cond.equals(BASELINE)) {
                continue;
            }
            Map<String, Object> byLang = new LinkedHashMap<>();
            for (String lang : results.tallies().get(cond).keySet()) {
                Map<String, Object> byMetric = new LinkedHashMap<>();
                for (String metric : results.metrics()) {
                    double[][] pairs = results.paired(BASELINE, cond, lang, metric);
                    byMetric.put(metric, PairedComparison.of(pairs[0], pairs[1]));
                }
                byLang.put(lang, byMetric);
            }
            out.put(cond, byLang);
        }
        return out;
    }

    /** One block per metric: rows are conditions, columns languages and their average, cells percent. */
    public String table() {
        // columns as wide as the longest name (XL-Sum calls its languages chinese_simplified, …)
        int width = Math.max(8, languages.stream().mapToInt(String::length).max().orElse(0) + 2);
        int first = 2 + Math.max(task.length() + 1 + results.metrics().stream().mapToInt(String::length).max().orElse(0),
                results.tallies().keySet().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder s = new StringBuilder();
        for (String metric : results.metrics()) {
            s.append(String.format("%n%-" + first + "s", task + " " + metric));
            languages.forEach(l -> s.append(String.format("%" + width + "s", l)));
            s.append(String.format("%" + width + "s%n", "avg"));
            results.tallies().forEach((cond, byLang) -> {
                s.append(String.format("%-" + first + "s", cond));
                for (String lang : languages) {
                    s.append(cell(results.tally(cond, lang, metric).mean(), width));
                }
                Object a = average(cond).get(metric);
                s.append(cell(a == null ? Double.NaN : (double) a, width)).append('\n');
            });
        }
        return s.toString();
    }

    private static String cell(double v, int width) {
        return Double.isFinite(v) ? String.format("%" + width + ".1f", 100 * v) : String.format("%" + width + "s", "-");
    }

    /** A number JSON can hold, or null (NaN and infinities are not JSON). */
    static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
