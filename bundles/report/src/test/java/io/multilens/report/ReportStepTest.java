package io.multilens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.plugin.PluginKind;
import io.multilens.testkit.TestStepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStepTest {

    @TempDir
    Path dir;

    @Test
    void reportsOnTheRunItsOutputFolderIsIn() throws Exception {
        Path run = Fixture.copyRun(dir);
        // an earlier report in the run is not a result to report on
        Files.createDirectories(run.resolve("report"));
        Files.writeString(run.resolve("report/manifest.json"), """
                {"format": "multilens.step/1", "step": "report", "fingerprint": {"plugin": "report", "version": "0.1.0",
                 "options": {}, "inputs": {}, "files": {}}, "outputs": {"report": "report.html"}, "finished": "2026-11-26T17:00:00Z"}""");
        // as the engine does it: the step writes into OUT/.<id>.tmp-*
        Path tmp = Files.createTempDirectory(run, ".report.tmp-");
        TestStepContext ctx = new TestStepContext(ReportStep.INFO, Map.of(), tmp, dir, null);
        new ReportStep().run(ctx);

        String html = Files.readString(tmp.resolve("report.html"));
        assertTrue(html.contains("id=\"fig-ablation-perplexity\""));
        assertTrue(Files.isRegularFile(tmp.resolve("figures/fig-layers-detect.svg")));
        assertFalse(html.contains("<th scope=\"row\">report</th>"), "the earlier report is not a step of the provenance table");
        assertTrue(html.contains("<th scope=\"row\">perplexity</th>"));
        assertTrue(ctx.lines().stream().anyMatch(l -> l.contains("12 figures")), ctx.lines().toString());
    }

    @Test
    void runDirOptionNamesAnotherFolder() throws Exception {
        Fixture.copyRun(dir);
        Path out = Files.createDirectories(dir.resolve("elsewhere/.r.tmp-1"));
        new ReportStep().run(new TestStepContext(ReportStep.INFO, Map.of("run_dir", "run"), out, dir, null));
        assertTrue(Files.readString(out.resolve("report.html")).contains("id=\"fig-layers-detect\""));
    }

    @Test
    void declaresItselfAsAReportWithItsOutputs() {
        assertEquals("report", ReportStep.INFO.name());
        assertEquals(PluginKind.REPORT, ReportStep.INFO.kind());
        assertEquals("report.html", ReportStep.INFO.output("report").orElseThrow().file());
        assertTrue(ReportStep.INFO.option("run_dir").isPresent());
    }
}
