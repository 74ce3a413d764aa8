package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Relative NLL change per ablated set (rows, random controls included) and evaluated language
 * (columns), from an evaluator's {@code relative_nll_change}. The baseline row is left out: it is
 * zero by definition. Language sets come first and random controls ({@code .random} and the
 * other pools, {@code .random-*}) after them, each in file order, so a language's own cell lines
 * up on a diagonal. A value missing from the file is NaN.
 */
public record AblationMatrix(List<String> conditions, List<String> languages, double[][] values) {

    public static final String BASELINE = "baseline";
    public static final String RANDOM_SUFFIX = ".random";

    public AblationMatrix {
        conditions = List.copyOf(conditions);
        languages = List.copyOf(languages);
    }

    /** @throws IllegalArgumentException when there is no {@code relative_nll_change} object of objects */
    public static AblationMatrix fromMetrics(JsonNode metrics) {
        JsonNode rel = metrics.path("relative_nll_change");
        if (!rel.isObject()) {
            throw new IllegalArgumentException("no \"relative_nll_change\" object");
        }
        List<String> sets = new ArrayList<>();
        List<String> controls = new ArrayList<>();
        Set<String> languages = new LinkedHashSet<>();
        for (var it = rel.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException("relative_nll_change." + e.getKey() + " is not an object of language to value");
            }
            if (e.getKey().endsWith(RANDOM_SUFFIX) || e.getKey().contains(RANDOM_SUFFIX + "-")) {
                controls.add(e.getKey());
            } else if (!e.getKey().equals(BASELINE)) {
                sets.add(e.getKey());
            }
            e.getValue().fieldNames().forEachRemaining(languages::add);
        }
        List<String> conditions = new ArrayList<>(sets);
        conditions.addAll(controls);
        List<String> langs = new ArrayList<>(languages);
        double[][] v = new double[conditions.size()][langs.size()];
        for (int r = 0; r < conditions.size(); r++) {
            JsonNode row = rel.path(conditions.get(r));
            for (int c = 0; c < langs.size(); c++) {
                JsonNode x = row.path(langs.get(c));
                v[r][c] = x.isNumber() ? x.asDouble() : Double.NaN;
            }
        }
        return new AblationMatrix(conditions, langs, v);
    }

    /** The largest |value|: the diverging colour scale is symmetric around 0 up to it. */
    public double extent() {
        double m = 0;
        for (double[] row : values) {
            for (double x : row) {
                if (Double.isFinite(x)) {
                    m = Math.max(m, Math.abs(x));
                }
            }
        }
        return m;
    }

    /** True for a language's own set evaluated on that language: the cells the paper reads. */
    public static boolean own(String condition, String language) {
        return condition.equals(language);
    }
}
