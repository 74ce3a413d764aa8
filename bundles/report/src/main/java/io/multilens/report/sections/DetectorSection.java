package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.report.data.LayerCounts;
import io.multilens.report.data.Overlap;
import io.multilens.report.data.StageBands;
import io.multilens.report.html.Figure;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.svg.ColorScale;
import io.multilens.report.svg.Fmt;
import io.multilens.report.svg.Heatmap;
import io.multilens.report.svg.LayerChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A detector step (PLND, or any step that found neuron sets and measured nothing): neurons per
 * layer and structure with the stages shaded, the languages' overlap, and the per-language totals.
 * PLND's {@code stats.json} is preferred; a detector without it is read from its neurons.json.
 */
public final class DetectorSection {

    public static final String PLND = "plnd";

    private DetectorSection() {
    }

    /**
     * PLND, or another step that wrote neuron sets; the report asks only after ruling out the
     * ablate step and steps with a training log or metrics, whose neuron files are not findings.
     */
    public static boolean applies(StepRecord step) {
        return step.plugin().equals(PLND) || step.file("neurons.json").isPresent();
    }

    public static Optional<Section> build(RunFolder run, StepRecord step) {
        Optional<JsonNode> stats = step.file("stats.json").flatMap(f -> run.json(step, f));
        Optional<LanguageNeurons> neurons = Optional.empty();
        LayerCounts counts = null;
        if (stats.isPresent()) {
            try {
                counts = LayerCounts.fromStats(stats.get());
            } catch (IllegalArgumentException e) {
                run.problems().add(step.id() + ": stats.json has no per-layer counts (" + e.getMessage() + "); using neurons.json");
            }
        }
        if (counts == null) {
            neurons = readNeurons(run, step);
            if (neurons.isEmpty()) {
                return Optional.empty();
            }
            counts = LayerCounts.fromNeurons(neurons.get(), stagesFor(run, step, 0).map(StageBands::layers).orElse(0));
        }
        StageBands stages = stagesFor(run, step, counts.layers()).orElse(StageBands.defaults(counts.layers()));

        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(Ids.figure("layers", step), "Language-specific neurons per layer",
                "Per language, the number of its neurons in each layer: attention (q, k, v and o together) and FFN. "
                        + "Stages shaded: understanding, task-solving, generation; split from " + stages.source()
                        + ". Layer 0 is nearest the input; all panels share one y-axis.",
                LayerChart.render(counts, stages), List.of(layerTable(counts))));

        Overlap overlap = null;
        if (stats.isPresent() && stats.get().has("jaccard")) {
            try {
                overlap = Overlap.fromStats(stats.get(), counts.languages());
            } catch (IllegalArgumentException e) {
                run.problems().add(step.id() + ": stats.json jaccard not usable (" + e.getMessage() + ")");
            }
        }
        if (overlap == null) {
            neurons = neurons.isPresent() ? neurons : readNeurons(run, step);
            overlap = neurons.map(Overlap::fromNeurons).orElse(null);
        }
        if (overlap != null && overlap.languages().size() > 1) {
            figures.add(overlapFigure(step, overlap));
        }
        List<Table> tables = new ArrayList<>();
        stats.flatMap(DetectorSection::languageTable).ifPresent(tables::add);
        String intro = "Step '" + step.id() + "' (" + step.plugin() + "): " + counts.languages().size()
                + " languages, " + counts.layers() + " layers.";
        return Optional.of(new Section(Ids.section("neurons", step), "Language-specific neurons (" + step.id() + ")", intro, figures, tables));
    }

    private static Optional<LanguageNeurons> readNeurons(RunFolder run, StepRecord step) {
        Optional<Path> file = step.output("neurons").or(() -> step.file("neurons.json"));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LanguageNeurons.read(file.get()));
        } catch (RuntimeException e) {
            run.problems().add(step.id() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The stage split an ablate step used on this model depth, preferring one that read this
     * step's neurons ({@code layers} 0: any depth).
     */
    static Optional<StageBands> stagesFor(RunFolder run, StepRecord detector, int layers) {
        List<StepRecord> ablates = new ArrayList<>(run.byPlugin(AblationSection.ABLATE));
        ablates.sort(Comparator.comparing((StepRecord a) -> !readsFrom(a, detector)));
        for (StepRecord a : ablates) {
            Optional<StageBands> s = a.file("neurons.json").flatMap(f -> run.json(a, f))
                    .flatMap(n -> StageBands.fromProvenance(n.path("provenance").path("stages"),
                            "ablate step '" + a.id() + "' (provenance.stages)"))
                    .filter(b -> layers == 0 || b.layers() == layers);
            if (s.isPresent()) {
                return s;
            }
        }
        return Optional.empty();
    }

    private static boolean readsFrom(StepRecord ablate, StepRecord detector) {
        String p = ablate.inputs().path("neurons").path("path").asText("");
        Path parent = p.isEmpty() ? null : Path.of(p).getParent();
        // compared by step folder name, not full path: the run folder may have been moved or copied
        return parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals(detector.dir().getFileName().toString());
    }

    private static Table layerTable(LayerCounts counts) {
        List<String> header = new ArrayList<>(List.of("layer"));
        for (String lang : counts.languages()) {
            header.add(lang + " attention");
            header.add(lang + " FFN");
        }
        Table t = new Table("Language-specific neurons per layer (attention = q + k + v + o)", header);
        for (int l = 0; l < counts.layers(); l++) {
            List<Cell> row = new ArrayList<>(List.of(Cell.num(Integer.toString(l))));
            for (String lang : counts.languages()) {
                row.add(Cell.num(Integer.toString(counts.attention(lang, l))));
                row.add(Cell.num(Integer.toString(counts.ffn(lang, l))));
            }
            t.row(row);
        }
        return t;
    }

    private static Figure overlapFigure(StepRecord step, Overlap overlap) {
        double[][] m = overlap.jaccard();
        double max = 0;
        for (int a = 0; a < m.length; a++) {
            for (int b = 0; b < m.length; b++) {
                if (a != b && Double.isFinite(m[a][b])) {
                    max = Math.max(max, m[a][b]);
                }
            }
        }
        // the scale ends at the largest overlap between two different languages: the diagonal's 1
        // would otherwise wash every other cell out; diagonal cells show the darkest colour
        ColorScale scale = ColorScale.sequential(0, max > 0 ? max : 1);
        Heatmap.Spec spec = new Heatmap.Spec("Jaccard overlap between the languages' neuron sets", "language", "language",
                overlap.languages(), overlap.languages(), m, scale, v -> Fmt.sig(v, 2), null, null);
        List<String> header = new ArrayList<>(List.of("language"));
        header.addAll(overlap.languages());
        Table t = new Table("Jaccard overlap |A ∩ B| / |A ∪ B|", header);
        for (int a = 0; a < m.length; a++) {
            List<Cell> row = new ArrayList<>(List.of(Cell.text(overlap.languages().get(a))));
            for (int b = 0; b < m.length; b++) {
                row.add(Cells.num(m[a][b], 4));
            }
            t.row(row);
        }
        return new Figure(Ids.figure("overlap", step), "Overlap between languages' neurons",
                "Jaccard overlap |A ∩ B| / |A ∪ B| of each pair of languages' neuron sets (1 on the diagonal). "
                        + "Darker means more shared neurons; the colour scale (ColorBrewer Blues) ends at the largest overlap of two different languages, "
                        + Fmt.sig(max, 3) + ".",
                Heatmap.render(spec), List.of(t));
    }

    /** Per-language totals from stats.json: documents, tokens, counts, and per-structure counts. */
    private static Optional<Table> languageTable(JsonNode stats) {
        JsonNode langs = stats.path("languages");
        Set<String> columns = new LinkedHashSet<>();
        langs.fields().forEachRemaining(e -> e.getValue().fields().forEachRemaining(f -> {
            if (f.getValue().isValueNode()) {
                columns.add(f.getKey());
            } else if (f.getValue().isObject()) {
                f.getValue().fields().forEachRemaining(g -> {
                    if (g.getValue().isValueNode()) {
                        columns.add(f.getKey() + "/" + g.getKey());
                    }
                });
            }
        }));
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> header = new ArrayList<>(List.of("language"));
        columns.forEach(c -> header.add(c.contains("/") ? c.substring(c.indexOf('/') + 1) : c.replace('_', ' ')));
        Table t = new Table("Per language: detection corpus and neuron counts (stats.json)", header);
        langs.fields().forEachRemaining(e -> {
            List<Cell> row = new ArrayList<>(List.of(Cell.text(e.getKey())));
            for (String c : columns) {
                JsonNode v = c.contains("/") ? e.getValue().path(c.substring(0, c.indexOf('/'))).path(c.substring(c.indexOf('/') + 1))
                        : e.getValue().path(c);
                row.add(Cells.of(v));
            }
            t.row(row);
        });
        return Optional.of(t);
    }
}
