package io.multilens.eval.tasks.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.multilens.eval.tasks.metrics.MeanTally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results in lm-evaluation-harness's own layout, so its tooling (and anyone's scripts for
 * it) reads them: one {@code lm_eval/<condition>/results.json} per condition (lm-eval has no
 * conditions), tasks named {@code <task>_<lang>}, metrics keyed {@code "<metric>,<filter>"} (the
 * filter is {@code none}: multilens's answer extraction is part of the metric), with
 * {@code versions}, {@code n-shot}, {@code higher_is_better}, {@code n-samples} and {@code config}.
 */
final class LmEvalResults {

    private LmEvalResults() {
    }

    static void write(Path outputDir, String task, String version, Results results,
                      Map<String, ? extends LanguageData<?>> data, Map<String, Object> config, long numFewshot)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (String condition : results.tallies().keySet()) {
            Map<String, Object> res = new LinkedHashMap<>();
            Map<String, Object> versions = new LinkedHashMap<>();
            Map<String, Object> nShot = new LinkedHashMap<>();
            Map<String, Object> better = new LinkedHashMap<>();
            Map<String, Object> samples = new LinkedHashMap<>();
            for (String lang : results.tallies().get(condition).keySet()) {
                String name = task + "_" + lang;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("alias", name);
                Map<String, Object> higher = new LinkedHashMap<>();
                for (String metric : results.metrics()) {
                    MeanTally t = results.tally(condition, lang, metric);
                    m.put(metric + ",none", TaskReport.finite(t.mean()));
                    m.put(metric + "_stderr,none", TaskReport.finite(t.stderr()));
                    higher.put(metric, true);
                }
                res.put(name, m);
                versions.put(name, version);
                nShot.put(name, numFewshot);
                better.put(name, higher);
                LanguageData<?> d = data.get(lang);
                samples.put(name, new java.util.TreeMap<>(Map.of("original", d.original(), "effective", d.items().size())));
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("results", res);
            root.put("versions", versions);
            root.put("n-shot", nShot);
            root.put("higher_is_better", better);
            root.put("n-samples", samples);
            root.put("config", config);
            root.put("multilens_condition", condition);
            Path dir = Files.createDirectories(outputDir.resolve("lm_eval").resolve(PredictionWriter.safe(condition)));
            Files.writeString(dir.resolve("results.json"), json.writeValueAsString(root));
        }
    }
}
