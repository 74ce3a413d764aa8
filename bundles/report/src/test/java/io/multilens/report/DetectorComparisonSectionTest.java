package io.multilens.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with a neurons.compare and a steer step gets their tables, with the files' numbers. */
class DetectorComparisonSectionTest {

    @TempDir
    Path dir;

    private void step(Path run, String id, String plugin, String file, String json) throws Exception {
        Path s = Files.createDirectories(run.resolve(id));
        Files.writeString(s.resolve("manifest.json"), "{\"format\": \"multilens.step/1\", \"step\": \"" + id + "\","
                + " \"fingerprint\": {\"plugin\": \"" + plugin + "\", \"version\": \"0.1.0\", \"options\": {}, \"inputs\": {},"
                + " \"files\": {}}, \"outputs\": {}, \"finished\": \"2026-11-29T14:00:00Z\", \"seconds\": 1.0}");
        Files.writeString(s.resolve(file), json);
    }

    @Test
    void comparisonAndSteeringTables() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        step(run, "overlap", "neurons.compare", "comparison.json", """
                {"format": "multilens.neuron-comparison/1", "a": {"name": "plnd"}, "b": {"name": "lape"},
                 "structures": ["ffn"], "languages": {"zh": {"a": 22, "b": 71, "both": 3, "jaccard": 0.0333,
                 "per_layer": {"0": {"a": 10, "b": 30, "both": 2, "jaccard": 0.0526}}}}}""");
        step(run, "steer", "steer", "steering.json", """
                {"format": "multilens.steering/1", "prompt_language": "en", "languages": {"sw": {"neurons": 29,
                 "changed_prompts": 20, "prompts": 20, "share_target": 1.0, "share_target_unsteered": 0.0,
                 "share_prompt_language": 0.0, "nll_per_token": 3.65, "nll_per_token_unsteered": 0.89}}}""");
        String html = Files.readString(ReportWriter.write(run, dir.resolve("out")).html());
        assertTrue(html.contains("Detectors compared: plnd and lape"));
        assertTrue(html.contains("<td class=\"num\">0.033</td>") && html.contains("<td class=\"num\">0.053</td>"),
                "overall and layer-0 Jaccard");
        assertTrue(html.contains("Steering (steer: neurons held at their mean)") && html.contains("0% → 100%")
                && html.contains("<td class=\"num\">3.6</td>"), html);
        assertTrue(!html.contains("Steering compared"), "one steering step: no scoreboard");

        step(run, "steer-dm", "steer", "steering.json", """
                {"format": "multilens.steering/1", "prompt_language": "en", "method": "diffmean", "languages": {"sw.layers.2.x4":
                 {"target": "sw", "changed_prompts": 20, "prompts": 20, "share_target": 0.5, "share_target_unsteered": 0.0,
                 "share_target_ci95": [0.2993, 0.7007], "share_prompt_language": 0.25, "nll_per_token": 2.0,
                 "nll_per_token_unsteered": 0.89, "relevance_chrf": 0.2, "relevance_chrf_unsteered": 0.05,
                 "control_relevance_harmonic_mean": 0.2857}}}""");
        html = Files.readString(ReportWriter.write(run, dir.resolve("out2")).html());
        assertTrue(html.contains("Steering (steer-dm: DiffMean residual vectors)"), html);
        assertTrue(html.contains("Steering compared") && html.contains("<td class=\"num\">30%–70%</td>")
                && html.contains("<td class=\"num\">0.05 → 0.2</td>") && html.contains("<td class=\"num\">0.29</td>"), html);
    }
}
