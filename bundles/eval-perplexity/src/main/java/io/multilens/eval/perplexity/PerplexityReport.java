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
    private final Map<String, Object> paired = new LinkedHashMap<>();

    PerplexityReport(List<String> languages, Map<String, Map<String, NllTally>> results) {
        this.languages = languages;
        this.results = results;
    }

    /**
     * Each condition against the baseline on the same documents ({@link PairedNll}), from each
     * document's summed NLL per condition and its predicted tokens.
     */
    void pairWithBaseline(Map<String, Map<String, double[]>> nll, Map<String, long[]> tokens) {
        Map<String, double[]> base = nll.get(Condition.BASELINE);
        if (base == null) {
            return;
        }
        nll.forEach((cond, byLang) -> {
            if (cond.equals(Condition.BASELINE)) {
                return;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            byLang.forEach((lang, values) -> c.put(lang, PairedNll.of(base.get(lang), values, tokens.get(lang))));
            paired.put(cond, c);
        });
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
                m.put("bytes", t.bytes());
                m.put("bits_per_byte", finite(t.bitsPerByte()));
                c.put(lang, m);
                r.put(lang, finite(relative(cond, lang)));
            });
            res.put(cond, c);
            rel.put(cond, r);
        });
        root.put("results", res);
        root.put("relative_nll_change", rel);
        root.put("specificity", specificity());
        root.put("english_vs_others", englishVsOthers());
        root.put("paper_protocol", paperProtocol());
        Map<String, Object> grid = paperProtocolGrid();
        if (!grid.isEmpty()) {
            root.put("paper_protocol_grid", grid);
        }
        root.put("paired_vs_baseline", paired);
        root.put("config", config);
        return root;
    }

    /**
     * The paper's effect, per language L whose own set was switched off (a condition named L):
     * the NLL change on L, the mean change on the other languages, their ratio, and the change
     * that L's random control (condition {@code L.random}) causes on L.
     */
    Map<String, Map<String, Object>> specificity() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (!results.containsKey(Condition.BASELINE)) {
            return out;
        }
        for (String lang : languages) {
            if (!results.containsKey(lang) || languages.size() < 2) {
                continue;
            }
            double own = relative(lang, lang);
            double others = languages.stream().filter(l -> !l.equals(lang)).mapToDouble(l -> relative(lang, l)).average().orElse(Double.NaN);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("own", own);
            e.put("others_mean", others);
            e.put("own_over_others", finite(own / others));
            if (results.containsKey(lang + ".random")) {
                double control = relative(lang + ".random", lang);
                e.put("random_control", control);
                e.put("random_over_own", finite(control / own));
            }
            Map<String, Object> controls = new LinkedHashMap<>();
            for (String cond : results.keySet()) {
                if (cond.startsWith(lang + ".random-")) {
                    double control = relative(cond, lang);
                    Map<String, Object> c = new LinkedHashMap<>();     // Map.of's order changes from run to run
                    c.put("change", control);
                    c.put("over_own", finite(control / own) == null ? "n/a" : control / own);
                    controls.put(cond.substring(lang.length() + 1), c);
                }
            }
            if (!controls.isEmpty()) {
                e.put("other_controls", controls);
            }
            out.put(lang, e);
        }
        return out;
    }

    /**
     * For every condition, the relative NLL change on English (delta_en) next to the mean change
     * over all the other languages (delta_non_en). An all-languages summary, not the authors'
     * protocol ({@link #paperProtocol}): under a condition that switches off one language's
     * neurons it averages that language's own change with eight unrelated ones. Empty without
     * English among the languages or without a baseline.
     */
    Map<String, Map<String, Object>> englishVsOthers() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (!results.containsKey(Condition.BASELINE) || !languages.contains("en") || languages.size() < 2) {
            return out;
        }
        results.keySet().stream().filter(c -> !c.equals(Condition.BASELINE)).forEach(cond -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("delta_en", finite(relative(cond, "en")));
            e.put("delta_non_en", finite(languages.stream().filter(l -> !l.equals("en"))
                    .mapToDouble(l -> relative(cond, l)).average().orElse(Double.NaN)));
            out.put(cond, e);
        });
        return out;
    }

    /** Stage and structure cells of a per-language grid: {@code <L>.<stage>.<structure>}. */
    private static final java.util.regex.Pattern GRID_CELL =
            java.util.regex.Pattern.compile("([^.]+)\\.((?:understanding|task_solving|generation)\\.(?:attention|ffn|both))");

    /**
     * The authors' protocol (their neuron_deactivate and test_mistral_gsm.py): for each language L
     * other than English whose own neurons were switched off (condition {@code L}), the relative
     * NLL change on English and on L itself, and the same for L's random control
     * ({@code L.random}); then the mean of each over L. English's own neurons are never switched
     * off. Empty without English or without a baseline.
     */
    Map<String, Object> paperProtocol() {
        return protocol("");
    }

    /**
     * The authors' protocol per stage and structure cell: conditions {@code L.<stage>.<structure>}
     * (L's neurons of that cell only) and their controls {@code L.<stage>.<structure>.random}, as
     * an {@code ablate} step with {@code stage_structure_grid: true, grid_sets: per-language}
     * writes them; per cell, each L and the mean over L.
     */
    Map<String, Object> paperProtocolGrid() {
        java.util.Set<String> cells = new java.util.LinkedHashSet<>();
        for (String cond : results.keySet()) {
            java.util.regex.Matcher m = GRID_CELL.matcher(cond);
            if (m.matches() && languages.contains(m.group(1))) {
                cells.add(m.group(2));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String cell : cells) {
            Map<String, Object> p = protocol("." + cell);
            if (!p.isEmpty()) {
                out.put(cell, p);
            }
        }
        return out;
    }

    private static final List<String> PROTOCOL_FIELDS = List.of("delta_en", "delta_own", "random_delta_en", "random_delta_own");

    /** Per L (conditions {@code L + suffix} and {@code L + suffix + ".random"}) and the mean over L. */
    private Map<String, Object> protocol(String suffix) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!results.containsKey(Condition.BASELINE) || !languages.contains("en")) {
            return out;
        }
        double[] sums = new double[PROTOCOL_FIELDS.size()];
        int[] counts = new int[PROTOCOL_FIELDS.size()];
        for (String lang : languages) {
            String cond = lang + suffix;
            if (lang.equals("en") || !results.containsKey(cond)) {
                continue;
            }
            String random = cond + ".random";
            double[] v = {relative(cond, "en"), relative(cond, lang),
                    results.containsKey(random) ? relative(random, "en") : Double.NaN,
                    results.containsKey(random) ? relative(random, lang) : Double.NaN};
            Map<String, Object> e = new LinkedHashMap<>();
            for (int i = 0; i < v.length; i++) {
                e.put(PROTOCOL_FIELDS.get(i), finite(v[i]));
                if (Double.isFinite(v[i])) {
                    sums[i] += v[i];
                    counts[i]++;
                }
            }
            out.put(lang, e);
        }
        if (out.isEmpty()) {
            return out;
        }
        Map<String, Object> mean = new LinkedHashMap<>();
        for (int i = 0; i < sums.length; i++) {
            mean.put(PROTOCOL_FIELDS.get(i), counts[i] == 0 ? null : sums[i] / counts[i]);
        }
        mean.put("languages", out.size());
        out.put("mean", mean);
        return out;
    }

    /** The specificity summary as a console table; empty when no condition is named after a language. */
    String specificityTable() {
        Map<String, Map<String, Object>> spec = specificity();
        if (spec.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder(String.format("%nlanguage-specific effect (relative NLL change when a language's own neurons are off)%n"));
        s.append(String.format("%-8s %9s %9s %11s %9s %11s%n", "language", "own", "others", "own/others", "random", "random/own"));
        spec.forEach((lang, e) -> {
            s.append(String.format("%-8s %+8.1f%% %+8.1f%% %11s", lang, 100 * (double) e.get("own"),
                    100 * (double) e.get("others_mean"), ratio(e.get("own_over_others"))));
            if (e.containsKey("random_control")) {
                s.append(String.format(" %+8.1f%% %11s", 100 * (double) e.get("random_control"), ratio(e.get("random_over_own"))));
            }
            if (e.get("other_controls") instanceof Map<?, ?> others) {
                others.forEach((name, v) -> s.append(String.format("   %s %+.1f%%", name,
                        100 * (double) ((Map<?, ?>) v).get("change"))));
            }
            s.append('\n');
        });
        return s.toString();
    }

    private static String ratio(Object v) {
        return v == null ? "n/a" : String.format("%.2f", (double) v);
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
        List<String> header = new java.util.ArrayList<>(List.of("condition"));
        header.addAll(languages);
        io.multilens.api.data.CsvTable table = new io.multilens.api.data.CsvTable(header);
        results.forEach((cond, byLang) -> {
            List<Object> row = new java.util.ArrayList<>(List.of(cond));
            for (String lang : languages) {
                row.add(io.multilens.api.data.CsvTable.fixed(relative ? relative(cond, lang) : byLang.get(lang).meanNll(), 6));
            }
            table.row(row);
        });
        try {
            return table.text();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rows: condition; columns: language; cells: NLL (baseline) or relative change in percent. */
    String table() {
        int width = Math.max(16, results.keySet().stream().mapToInt(String::length).max().orElse(0) + 2);
        String name = "%-" + width + "s";
        StringBuilder s = new StringBuilder(String.format("%n" + name, "NLL change"));
        languages.forEach(l -> s.append(String.format("%9s", l)));
        s.append('\n');
        results.forEach((cond, byLang) -> {
            s.append(String.format(name, cond));
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
