package io.multilens.report;

import static io.multilens.report.Fixture.count;
import static io.multilens.report.Fixture.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The figures against the test run's real step outputs (src/test/resources/run). */
class ReportWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STRUCTURES = List.of("attn.q", "attn.k", "attn.v", "attn.o");

    @TempDir
    Path dir;

    @Test
    void layerBarsAreTheStatsCountsPerLayerStructureAndLanguage() throws Exception {
        Path run = Fixture.copyRun(dir);
        ReportWriter.write(run, dir.resolve("out"));
        Document svg = Fixture.xml(dir.resolve("out/figures/fig-layers-detect.svg"));
        JsonNode stats = JSON.readTree(run.resolve("detect/stats.json").toFile());
        int layers = 4;
        int languages = 3;
        assertEquals(layers * 2 * languages, count(svg, "//rect[@class='bar']"));
        for (String lang : List.of("en", "zh", "ru")) {
            for (int l = 0; l < layers; l++) {
                JsonNode perLayer = stats.path("languages").path(lang).path("per_layer").get(l);
                int attention = STRUCTURES.stream().mapToInt(s -> perLayer.path(s).asInt()).sum();
                String bar = "//rect[@class='bar'][@data-lang='" + lang + "'][@data-layer='" + l + "']";
                assertEquals(Integer.toString(attention), string(svg, bar + "[@data-structure='attention']/@data-value"), lang + " layer " + l);
                assertEquals(perLayer.path("mlp.ffn").asText(), string(svg, bar + "[@data-structure='ffn']/@data-value"), lang + " layer " + l);
            }
        }
        // the ablate step's provenance.stages (1 + 2 + 1 of 4 layers) shades each panel
        assertEquals(3 * languages, count(svg, "//rect[@class='stage']"));
        assertEquals("understanding stage: layers 0–0", string(svg, "(//rect[@class='stage'])[1]/title"));
    }

    @Test
    void theLayersStepGetsStackedSharesPerLanguageAndLayerAndASimilarityChart() throws Exception {
        Path run = Fixture.copyRun(dir);
        ReportWriter.write(run, dir.resolve("out"));
        Document svg = Fixture.xml(dir.resolve("out/figures/fig-lens-lens.svg"));
        assertEquals(3 * 5 * 4, count(svg, "//rect[@class='share']"), "3 languages × 5 depths × 4 classes");
        JsonNode layers = JSON.readTree(run.resolve("lens/layers.json").toFile());
        assertEquals(layers.path("languages").path("ru").path("layers").get(3).path("decoded").path("own").asDouble(),
                Double.parseDouble(string(svg, "//rect[@class='share'][@data-lang='ru'][@data-layer='3'][@data-class='own']/@data-value")),
                1e-9);
        assertEquals(2, count(svg, "//rect[@class='stage']") / 3, "understanding and generation bands in each panel");
        Document similarity = Fixture.xml(dir.resolve("out/figures/fig-similarity-lens.svg"));
        assertEquals(2, count(similarity, "//polyline[@class='series']"), "zh and ru against en");
        assertTrue(Files.readString(dir.resolve("out/report.html")).contains("Which language each layer works in"));

        // lens_task translation: the latent-language figure, the mean over the targets per layer
        Files.writeString(run.resolve("lens/translation.json"), """
                {"format": "multilens.translation-lens/1", "source_language": "fr", "shots": 2, "lens": "final-norm",
                 "languages": {"de": {"words": 90, "depths": [{"layer": 0, "p_target": 0.1, "p_english": 0.3},
                                                               {"layer": 1, "p_target": 0.5, "p_english": 0.1}]},
                               "zh": {"words": 80, "depths": [{"layer": 0, "p_target": 0.3, "p_english": 0.5},
                                                               {"layer": 1, "p_target": 0.7, "p_english": 0.1}]}}}""");
        ReportWriter.write(run, dir.resolve("out2"));
        Document translation = Fixture.xml(dir.resolve("out2/figures/fig-translation-lens.svg"));
        assertEquals(2, count(translation, "//polyline[@class='series']"), "the target word and the English word");
        assertEquals(0.6, Double.parseDouble(string(translation,
                "(//circle[@class='point'][@data-series='target word'])[2]/@data-value")), 1e-12);
        assertEquals(0.4, Double.parseDouble(string(translation,
                "(//circle[@class='point'][@data-series='English word'])[1]/@data-value")), 1e-12);
    }

    @Test
    void heatmapsHaveACellPerPairWithTheFilesValues() throws Exception {
        Path run = Fixture.copyRun(dir);
        ReportWriter.write(run, dir.resolve("out"));
        Document overlap = Fixture.xml(dir.resolve("out/figures/fig-overlap-detect.svg"));
        assertEquals(3 * 3, count(overlap, "//rect[@class='cell']"));
        JsonNode stats = JSON.readTree(run.resolve("detect/stats.json").toFile());
        assertEquals(stats.path("jaccard").path("zh").path("ru").asDouble(),
                Double.parseDouble(string(overlap, "//rect[@class='cell'][@data-row='zh'][@data-col='ru']/@data-value")), 1e-6);
        assertEquals("1", string(overlap, "//rect[@class='cell'][@data-row='en'][@data-col='en']/@data-value"));

        Document matrix = Fixture.xml(dir.resolve("out/figures/fig-ablation-perplexity.svg"));
        JsonNode rel = JSON.readTree(run.resolve("perplexity/metrics.json").toFile()).path("relative_nll_change");
        int sets = rel.size() - 1;
        assertEquals(6, sets, "en, zh, ru and their random controls");
        assertEquals(sets * 3, count(matrix, "//rect[@class='cell']"));
        for (String set : List.of("zh", "zh.random", "ru")) {
            for (String lang : List.of("en", "zh", "ru")) {
                assertEquals(rel.path(set).path(lang).asDouble(), Double.parseDouble(string(matrix,
                        "//rect[@class='cell'][@data-row='" + set + "'][@data-col='" + lang + "']/@data-value")), 1e-6, set + " on " + lang);
            }
        }
        assertEquals(0, count(matrix, "//rect[@class='cell'][@data-row='baseline']"));
        assertEquals(3, count(matrix, "//rect[@class='outline']"), "each language's own set on its own text");
        // own-language damage is the largest in this run: the darkest red of the diverging scale
        assertEquals("#67001f", string(matrix, "//rect[@class='cell'][@data-row='ru'][@data-col='ru']/@fill"));
    }

    @Test
    void resultsWithStandardErrorsGetBarPairsWithErrorBars() throws Exception {
        Path run = Fixture.copyRun(dir);
        ReportWriter.write(run, dir.resolve("out"));
        Document acc = Fixture.xml(dir.resolve("out/figures/fig-results-bench-acc.svg"));
        assertEquals(2 * 3, count(acc, "//rect[@class='bar']"), "2 conditions × 3 languages");
        assertEquals(2 * 3, count(acc, "//line[@class='errorbar']"));
        assertEquals("0.287", string(acc, "//rect[@class='bar'][@data-condition='zh'][@data-lang='zh']/@data-value"));
        Document norm = Fixture.xml(dir.resolve("out/figures/fig-results-bench-acc_norm.svg"));
        assertEquals(5, count(norm, "//rect[@class='bar']"), "the \"N/A\" cell has no bar");
        assertFalse(Files.exists(dir.resolve("out/figures/fig-results-bench-samples.svg")), "no stderr, no chart");
        Document tuned = Fixture.xml(dir.resolve("out/figures/fig-results-finetune-mean_nll.svg"));
        assertEquals(3 * 3, count(tuned, "//rect[@class='bar']"), "before, after tuned, after random × 3 languages");
        String html = Files.readString(dir.resolve("out/report.html"));
        assertTrue(html.contains("<td class=\"num\">4.5312 ± 0.01</td>"), "results table cell with its standard error");
        assertTrue(html.contains("averages"), "the benchmark's averages table");
    }

    @Test
    void trainingCurveHasEveryLoggedStep() throws Exception {
        Path run = Fixture.copyRun(dir);
        ReportWriter.write(run, dir.resolve("out"));
        JsonNode training = JSON.readTree(run.resolve("train/training.json").toFile());
        Document loss = Fixture.xml(dir.resolve("out/figures/fig-loss-train.svg"));
        assertEquals(1, count(loss, "//polyline[@class='series']"));
        assertEquals(Integer.toString(training.path("steps").size()), string(loss, "//polyline[@class='series']/@data-points"));
        Document held = Fixture.xml(dir.resolve("out/figures/fig-heldout-train.svg"));
        assertEquals(3, count(held, "//rect[@class='bar']"), "one evaluation: a bar per language");
    }

    @Test
    void aFineTunerShowsItsLogAndResultsNotItsNeuronsAsFindings() throws Exception {
        Path run = Fixture.copyRun(dir);
        String html = Files.readString(ReportWriter.write(run, dir.resolve("out")).html());
        assertTrue(html.contains("id=\"sec-training-finetune\"") && html.contains("id=\"sec-results-finetune\""));
        assertFalse(html.contains("fig-layers-finetune"), "the trained neurons are not a detector's findings");
        assertTrue(html.contains("<th scope=\"row\">trained neurons</th><td class=\"num\">176</td>"), "the log's summary numbers");
        Document held = Fixture.xml(dir.resolve("out/figures/fig-heldout-finetune.svg"));
        assertEquals(3, count(held, "//polyline[@class='series']"), "a line per language");
        assertEquals(3 * 2, count(held, "//circle[@class='point']"), "two evaluations per language");
        assertEquals("4.5312", string(held, "//circle[@class='point'][@data-series='zh'][2]/@data-value"));
    }

    @Test
    void missingInputsOmitTheirFigures() throws Exception {
        Path run = Fixture.copyRun(dir);
        for (String step : List.of("perplexity", "train", "bench", "finetune", "lens")) {
            deleteTree(run.resolve(step));
        }
        ReportWriter.Written w = ReportWriter.write(run, dir.resolve("out"));
        String html = Files.readString(w.html());
        assertEquals(List.of("fig-layers-detect", "fig-overlap-detect"), figureIds(html));
        assertEquals(2, w.figures().size());
        assertTrue(html.contains("the ablation matrix (no eval.perplexity step"), "the page says what is missing");
        assertTrue(html.contains("training curves (no train step)"));
        assertTrue(html.contains("which language each layer works in (no layers step)"));
        assertTrue(html.contains("id=\"provenance\""));

        deleteTree(run.resolve("detect"));
        String ablateOnly = Files.readString(ReportWriter.write(run, dir.resolve("out")).html());
        assertEquals(List.of(), figureIds(ablateOnly));
        assertFalse(Files.exists(dir.resolve("out/figures/fig-layers-detect.svg")), "figures of the earlier report are removed");
        assertTrue(ablateOnly.contains("Ablation sets (ablate)"));
    }

    @Test
    void allFiguresAppearOnceInRunOrderAndNothingIsFetched() throws Exception {
        Path run = Fixture.copyRun(dir);
        String html = Files.readString(ReportWriter.write(run, dir.resolve("out")).html());
        assertEquals(List.of("fig-loss-train", "fig-heldout-train", "fig-layers-detect", "fig-overlap-detect",
                "fig-ablation-perplexity", "fig-results-bench-acc", "fig-results-bench-acc_norm",
                "fig-loss-finetune", "fig-heldout-finetune", "fig-results-finetune-mean_nll", "fig-lens-lens",
                "fig-similarity-lens"),
                figureIds(html));
        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (refs.find()) {
            String ref = refs.group(1);
            assertTrue(ref.startsWith("#") || ref.startsWith("figures/") || ref.equals("data:,"), "external reference " + ref);
        }
        assertFalse(html.contains("@import"), "styles are inline");
    }

    @Test
    void unreadableStatsFallBackToTheNeuronFileAndAreReported() throws Exception {
        Path run = Fixture.copyRun(dir);
        Files.writeString(run.resolve("detect/stats.json"), "{ not json");
        ReportWriter.Written w = ReportWriter.write(run, dir.resolve("out"));
        Document svg = Fixture.xml(dir.resolve("out/figures/fig-layers-detect.svg"));
        assertEquals(4 * 2 * 3, count(svg, "//rect[@class='bar']"));
        // detect/neurons.json lists zh's layer-1 neurons: 8 q + 7 k + 6 v + 6 o, as stats.json said
        assertEquals("27", string(svg, "//rect[@class='bar'][@data-lang='zh'][@data-layer='1'][@data-structure='attention']/@data-value"));
        assertEquals(1, w.problems().size());
        assertTrue(w.problems().get(0).contains("stats.json is not readable JSON"), w.problems().toString());
        assertTrue(Files.readString(w.html()).contains("Not shown because of problems"));
    }

    @Test
    void aFolderWithoutStepsIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("empty/notastep"));
        StepFailure e = assertThrows(StepFailure.class, () -> ReportWriter.write(dir.resolve("empty"), dir.resolve("out")));
        assertTrue(e.getMessage().contains("no finished steps"), e.getMessage());
        assertThrows(StepFailure.class, () -> ReportWriter.write(dir.resolve("nope"), dir.resolve("out")));
    }

    static List<String> figureIds(String html) {
        return Pattern.compile("<figure id=\"([^\"]+)\"").matcher(html).results().map(m -> m.group(1)).toList();
    }

    static void deleteTree(Path p) throws Exception {
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
