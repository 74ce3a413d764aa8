package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The shape every evaluator's {@code metrics.json} shares, lm-evaluation-harness style:
 * {@code results.<condition>.<language>.<metric>}, where a metric {@code m} may come with
 * {@code m_stderr}. Benchmarks, perplexity and fine-tuning before/after all fit it, so one view
 * serves them all without knowing the plugin.
 */
public final class ResultsTable {

    public static final String STDERR_SUFFIX = "_stderr";

    private final List<String> conditions;
    private final List<String> languages;
    private final List<String> metrics;
    private final Map<String, Map<String, JsonNode>> cells;

    private ResultsTable(List<String> conditions, List<String> languages, List<String> metrics,
                         Map<String, Map<String, JsonNode>> cells) {
        this.conditions = List.copyOf(conditions);
        this.languages = List.copyOf(languages);
        this.metrics = List.copyOf(metrics);
        this.cells = cells;
    }

    /** Empty when {@code results} is not an object of objects of objects. */
    public static Optional<ResultsTable> from(JsonNode results) {
        if (!results.isObject() || results.isEmpty()) {
            return Optional.empty();
        }
        List<String> conditions = new ArrayList<>();
        Set<String> languages = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        Map<String, Map<String, JsonNode>> cells = new LinkedHashMap<>();
        for (var c = results.fields(); c.hasNext(); ) {
            var cond = c.next();
            if (!cond.getValue().isObject()) {
                return Optional.empty();
            }
            conditions.add(cond.getKey());
            for (var l = cond.getValue().fields(); l.hasNext(); ) {
                var lang = l.next();
                if (!lang.getValue().isObject()) {
                    return Optional.empty();
                }
                languages.add(lang.getKey());
                lang.getValue().fieldNames().forEachRemaining(keys::add);
                cells.computeIfAbsent(cond.getKey(), k -> new LinkedHashMap<>()).put(lang.getKey(), lang.getValue());
            }
        }
        List<String> metrics = new ArrayList<>();
        for (String k : keys) {
            boolean isStderrOfAnother = k.endsWith(STDERR_SUFFIX) && keys.contains(k.substring(0, k.length() - STDERR_SUFFIX.length()));
            if (!isStderrOfAnother) {
                metrics.add(k);
            }
        }
        return Optional.of(new ResultsTable(conditions, new ArrayList<>(languages), metrics, cells));
    }

    public List<String> conditions() {
        return conditions;
    }

    public List<String> languages() {
        return languages;
    }

    /** Metric names, their {@code _stderr} siblings left out. */
    public List<String> metrics() {
        return metrics;
    }

    /** The metrics that come with a standard error somewhere in the table: these get error-bar charts. */
    public List<String> metricsWithStderr() {
        List<String> out = new ArrayList<>();
        for (String m : metrics) {
            boolean any = false;
            for (String c : conditions) {
                for (String l : languages) {
                    any |= stderr(c, l, m).isPresent() && value(c, l, m).isPresent();
                }
            }
            if (any) {
                out.add(m);
            }
        }
        return out;
    }

    /** The raw JSON of one cell (a number, or text such as lm-eval's "N/A"); missing node when absent. */
    public JsonNode raw(String condition, String language, String metric) {
        Map<String, JsonNode> byLang = cells.get(condition);
        JsonNode cell = byLang == null ? null : byLang.get(language);
        return cell == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : cell.path(metric);
    }

    public OptionalDouble value(String condition, String language, String metric) {
        JsonNode v = raw(condition, language, metric);
        return v.isNumber() && Double.isFinite(v.asDouble()) ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    public OptionalDouble stderr(String condition, String language, String metric) {
        return value(condition, language, metric + STDERR_SUFFIX);
    }
}
