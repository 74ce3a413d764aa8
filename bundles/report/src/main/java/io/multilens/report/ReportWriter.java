package io.multilens.report;

import io.multilens.api.status.StepFailure;
import io.multilens.report.html.Figure;
import io.multilens.report.html.Page;
import io.multilens.report.html.Section;
import io.multilens.report.run.Problems;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.sections.AblationSection;
import io.multilens.report.sections.DetectorComparisonSection;
import io.multilens.report.sections.DetectorSection;
import io.multilens.report.sections.LayersSection;
import io.multilens.report.sections.PerplexitySection;
import io.multilens.report.sections.ProvenanceSection;
import io.multilens.report.sections.ResultsSection;
import io.multilens.report.sections.TrainingSection;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code report.html} and {@code figures/*.svg} for a run's OUT folder. Each step gets the
 * section its plugin calls for (chosen by the manifest's {@code fingerprint.plugin}, or by the
 * shape of its outputs for plugins this bundle does not know); a figure whose inputs are not in
 * the run is left out and named under the contents.
 */
public final class ReportWriter {

    public static final String HTML = "report.html";
    public static final String FIGURES = "figures";

    private ReportWriter() {
    }

    /** What one call wrote. */
    public record Written(Path html, List<Path> figures, List<String> problems) {
    }

    /**
     * @param runDir a run's OUT folder (one sub-folder with a manifest.json per step)
     * @param outDir where report.html and figures/ go; may be inside runDir
     * @throws StepFailure when runDir holds no finished step
     */
    public static Written write(Path runDir, Path outDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            throw new StepFailure(runDir + ": no such folder; give the OUT folder of a multilens run");
        }
        Problems problems = new Problems();
        RunFolder run = RunFolder.scan(runDir, problems);
        if (run.steps().isEmpty()) {
            throw new StepFailure(runDir + ": no finished steps (sub-folders with a manifest.json); give the OUT folder of a multilens run"
                    + (problems.lines().isEmpty() ? "" : " (" + String.join("; ", problems.lines()) + ")"));
        }
        List<Section> sections = sections(run);
        Path figures = outDir.resolve(FIGURES);
        Files.createDirectories(figures);
        removeOldFigures(figures);
        List<Path> written = new ArrayList<>();
        for (Section s : sections) {
            for (Figure f : s.figures()) {
                Path file = figures.resolve(f.fileName());
                Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + f.svg().render());
                written.add(file);
            }
        }
        Path html = outDir.resolve(HTML);
        Files.writeString(html, Page.render(header(run), sections, absent(sections), problems.lines()));
        return new Written(html, written, problems.lines());
    }

    /**
     * The sections of each step that has something to show, in run order, then provenance. A step
     * may have several (a fine-tuner's training log and its results); a step that wrote neuron
     * sets and nothing else measured is a detector.
     */
    static List<Section> sections(RunFolder run) {
        List<Section> out = new ArrayList<>();
        for (StepRecord step : run.steps()) {
            List<Optional<Section>> parts = new ArrayList<>();
            if (AblationSection.applies(step)) {
                parts.add(AblationSection.build(run, step));
            } else if (LayersSection.applies(run, step)) {
                parts.add(LayersSection.build(run, step));
            } else if (DetectorComparisonSection.applies(run, step)) {
                parts.add(DetectorComparisonSection.build(run, step));
            } else {
                if (TrainingSection.applies(run, step)) {
                    parts.add(TrainingSection.build(run, step));
                }
                if (PerplexitySection.applies(run, step)) {
                    parts.add(PerplexitySection.build(run, step));
                } else if (ResultsSection.applies(run, step)) {
                    parts.add(ResultsSection.build(run, step));
                }
                if (parts.isEmpty() && DetectorSection.applies(step)) {
                    parts.add(DetectorSection.build(run, step));
                }
            }
            parts.forEach(p -> p.filter(sec -> !sec.isEmpty()).ifPresent(out::add));
        }
        io.multilens.report.sections.SteeringScoreboardSection.build(run).ifPresent(out::add);
        out.add(ProvenanceSection.build(run));
        return out;
    }

    /** What the paper's analysis would show that this run lacks, so a missing figure is explained. */
    private static List<String> absent(List<Section> sections) {
        List<String> ids = new ArrayList<>();
        sections.forEach(s -> s.figures().forEach(f -> ids.add(f.id())));
        List<String> out = new ArrayList<>();
        check(ids, "fig-layers-", "neurons per layer and language overlap (no detector step such as plnd)", out);
        check(ids, "fig-ablation-", "the ablation matrix (no eval.perplexity step with relative_nll_change)", out);
        check(ids, "fig-results-", "benchmark or fine-tuning charts (no step with a metrics.json results table with standard errors)", out);
        check(ids, "fig-loss-", "training curves (no train step)", out);
        check(ids, "fig-lens-", "which language each layer works in (no layers step)", out);
        return out;
    }

    private static void check(List<String> ids, String prefix, String what, List<String> out) {
        if (ids.stream().noneMatch(i -> i.startsWith(prefix))) {
            out.add(what);
        }
    }

    private static Page.Header header(RunFolder run) {
        String last = run.steps().stream().map(StepRecord::finished).filter(f -> !f.isEmpty()).reduce((a, b) -> b).orElse("");
        List<String> facts = new ArrayList<>();
        facts.add("Run folder: " + run.dir().toAbsolutePath().normalize());
        facts.add(run.steps().size() + " steps: " + String.join(" → ", run.steps().stream()
                .map(s -> s.id() + " (" + s.plugin() + ")").toList()) + (last.isEmpty() ? "" : "; last finished " + last));
        return new Page.Header("multilens report: " + run.dir().toAbsolutePath().normalize().getFileName(), facts);
    }

    /** Figures of an earlier report in the same folder would otherwise linger after their step is gone. */
    private static void removeOldFigures(Path figures) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(figures, "fig-*.svg")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }
}
