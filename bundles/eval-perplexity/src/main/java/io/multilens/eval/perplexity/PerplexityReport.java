package io.multilens.eval.perplexity;

import io.multilens.api.neurons.Condition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The perplexity results as files and as the console table: absolute NLL per condition and
 * language, and the relative change of NLL against the baseline (the paper's ablation matrix).
 */
final class PerplexityReport {

    private final List<String> languages;
    private final Map<String, Map<String, NllTally>> results;

    PerplexityReport(List<String> languages, Map<String, Map<String, NllTally>> results) {
        this.languages = languages;
        this.results = results;
    }

    /** (NLL − baseline NLL) / baseline NLL; NaN without a baseline. */
    double relative(String condition, String lang) {
        Map<String, NllTally> base = results.get(Condition.BASELINE);
        if (base == null) {
            return Double.NaN;
        }
        double b = base.get(lang).meanNll();
        return (results.get(condition).get(lang).meanNll() - b) / b;
    }

    Map<String, Object> metrics(Map<String, Object> config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.perplexity/1");
        Map<String, Object> res = new LinkedHashMap<>();
        Map<String, Object> rel = new LinkedHashMap<>();
        results.forEach((cond, byLang) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            Map<String, Object> r = new LinkedHashMap<>();
            byLang.forEach((lang, t) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("documents", t.documents());
                m.put("tokens", t.tokens());
                m.put("mean_nll", t.meanNll());
                m.put("mean_nll_stderr", finite(t.meanNllStderr()));
                m.put("perplexity", t.perplexity());
                c.put(lang, m);
                r.put(lang, finite(relative(cond, lang)));
            });
            res.put(cond, c);
            rel.put(cond, r);
        });
        root.put("results", res);
        root.put("relative_nll_change", rel);
        root.put("config", config);
        return root;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    String nllCsv() {
        return csv(false);
    }

    String relativeCsv() {
        return csv(true);
    }

    private String csv(boolean relative) {
        StringBuilder s = new StringBuilder("condition");
        languages.forEach(l -> s.append(',').append(l));
        s.append('\n');
        results.forEach((cond, byLang) -> {
            s.append(cond);
            for (String lang : languages) {
                double v = relative ? relative(cond, lang) : byLang.get(lang).meanNll();
                s.append(',').append(Double.isFinite(v) ? String.format("%.6f", v) : "");
            }
            s.append('\n');
        });
        return s.toString();
    }

    /** Rows: condition; columns: language; cells: NLL (baseline) or relative change in percent. */
    String table() {
        StringBuilder s = new StringBuilder(String.format("%n%-16s", "NLL change"));
        languages.forEach(l -> s.append(String.format("%9s", l)));
        s.append('\n');
        results.forEach((cond, byLang) -> {
            s.append(String.format("%-16s", cond));
            for (String lang : languages) {
                if (cond.equals(Condition.BASELINE) || !results.containsKey(Condition.BASELINE)) {
                    s.append(String.format("%9.3f", byLang.get(lang).meanNll()));
                } else {
                    s.append(String.format("%+8.1f%%", 100 * relative(cond, lang)));
                }
            }
            s.append('\n');
        });
        return s.toString();
    }
}
