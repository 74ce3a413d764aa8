package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.report.data.AblationMatrix;
import io.multilens.report.data.KeyedTable;
import io.multilens.report.data.ResultsTable;
import io.multilens.report.data.StageStructureGrid;
import io.multilens.report.html.Figure;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.svg.ColorScale;
import io.multilens.report.svg.Fmt;
import io.multilens.report.svg.Heatmap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An evaluator that measured NLL with neuron sets switched off ({@code eval.perplexity}, or any
 * step whose metrics.json has {@code relative_nll_change}): the ablation matrix, the NLL table and
 * the specificity summary.
 */
public final class PerplexitySection {

    private PerplexitySection() {
    }

    public static boolean applies(RunFolder run, StepRecord step) {
        return metrics(run, step).map(m -> m.path("relative_nll_change").isObject()).orElse(false);
    }

    static Optional<JsonNode> metrics(RunFolder run, StepRecord step) {
        return step.output("metrics").or(() -> step.file("metrics.json")).flatMap(f -> run.json(step, f));
    }

    public static Optional<Section> build(RunFolder run, StepRecord step) {
        Optional<JsonNode> metrics = metrics(run, step);
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        AblationMatrix matrix;
        try {
            matrix = AblationMatrix.fromMetrics(metrics.get());
        } catch (IllegalArgumentException e) {
            run.problems().add(step.id() + ": metrics.json " + e.getMessage());
            return Optional.empty();
        }
        List<Figure> figures = new ArrayList<>();
        if (!matrix.conditions().isEmpty() && !matrix.languages().isEmpty()) {
            figures.add(matrixFigure(step, matrix));
        }
        List<Table> tables = new ArrayList<>();
        StageStructureGrid.fromMetrics(metrics.get()).ifPresent(g -> figures.add(gridFigure(step, g)));
        ResultsTable.from(metrics.get().path("results")).ifPresent(r -> tables.add(nllTable(r)));
        KeyedTable.from(metrics.get().path("specificity")).ifPresent(k -> tables.add(
                ResultsSection.keyedTable("Specificity: own-language change vs other languages and the random control", "language", k)));
        String intro = "Step '" + step.id() + "' (" + step.plugin() + ") measured the mean negative log-likelihood per token of each "
                + "language's text, with nothing switched off (baseline) and with each neuron set switched off.";
        return Optional.of(new Section(Ids.section("perplexity", step), "Ablation: perplexity (" + step.id() + ")", intro, figures, tables));
    }

    /** The stage x structure evidence: Δen and Δown (or, for the union grid, Δnon-en) per stage and structure, with the controls'. */
    private static Figure gridFigure(StepRecord step, StageStructureGrid g) {
        List<String> columns = new ArrayList<>();
        for (String structure : StageStructureGrid.STRUCTURES) {
            columns.add(structure + " Δen");
            columns.add(structure + " " + g.otherLabel());
        }
        double[][] values = new double[StageStructureGrid.STAGES.size()][columns.size()];
        double extent = 1e-9;
        for (int s = 0; s < values.length; s++) {
            for (int t = 0; t < StageStructureGrid.STRUCTURES.size(); t++) {
                values[s][2 * t] = g.values()[s][t][0];
                values[s][2 * t + 1] = g.values()[s][t][1];
                extent = Math.max(extent, Math.max(Math.abs(Double.isNaN(values[s][2 * t]) ? 0 : values[s][2 * t]),
                        Math.abs(Double.isNaN(values[s][2 * t + 1]) ? 0 : values[s][2 * t + 1])));
            }
        }
        double scale = extent;
        Heatmap.Spec spec = new Heatmap.Spec("Relative NLL change on English and on the other languages per stage and structure",
                "layers switched off", "structure and evaluated languages", StageStructureGrid.STAGES, columns, values,
                ColorScale.diverging(scale), v -> Fmt.signedPercent(v, scale >= 0.1 ? 1 : 2), (r, c) -> false, "");
        Table t = new Table("Stage × structure: relative NLL change, language neurons vs the same-size random control",
                List.of("stage", "structure", "Δen", g.otherLabel(), "random Δen", "random " + g.otherLabel()));
        for (int s = 0; s < StageStructureGrid.STAGES.size(); s++) {
            for (int k = 0; k < StageStructureGrid.STRUCTURES.size(); k++) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(StageStructureGrid.STAGES.get(s)),
                        Cell.text(StageStructureGrid.STRUCTURES.get(k))));
                for (double v : g.values()[s][k]) {
                    row.add(Double.isNaN(v) ? Cell.text("") : Cell.num(Fmt.signedPercent(v, 2)));
                }
                t.row(row);
            }
        }
        String caption = g.protocol()
                ? "As the authors ran it: for each language L but English, L's own neurons of one stage (understanding,"
                        + " task-solving, generation layers) and structure switched off, the relative NLL change on English (Δen)"
                        + " and on L itself (Δown), each the mean over L; the table adds L's same-size random controls. The"
                        + " framework predicts the largest damage to L from the understanding and generation stages and little"
                        + " damage to English."
                : "All languages' neurons (English's included) of one stage and structure switched off together: the"
                        + " relative NLL change on English (Δen) and the mean over the other languages (Δnon-en). Not the"
                        + " authors' protocol (ablate grid_sets: per-language is); the table adds the random controls.";
        return new Figure(Ids.figure("stages", step), g.protocol()
                ? "Stage × structure ablation (the authors' protocol, mean over languages)"
                : "Stage × structure ablation (all languages at once, not the authors' protocol)", caption,
                Heatmap.render(spec), List.of(t));
    }

    private static Figure matrixFigure(StepRecord step, AblationMatrix m) {
        double extent = m.extent();
        int decimals = extent >= 0.1 ? 1 : 2;
        Heatmap.Spec spec = new Heatmap.Spec("Relative NLL change per switched-off set and evaluated language", "switched off",
                "evaluated on", m.conditions(), m.languages(), m.values(), ColorScale.diverging(extent),
                v -> Fmt.signedPercent(v, decimals),
                (r, c) -> AblationMatrix.own(m.conditions().get(r), m.languages().get(c)), "own language");
        List<String> header = new ArrayList<>(List.of("switched off"));
        header.addAll(m.languages());
        Table t = new Table("Relative change in mean NLL vs the baseline, in %", header);
        for (int r = 0; r < m.conditions().size(); r++) {
            List<Cell> row = new ArrayList<>(List.of(Cell.text(m.conditions().get(r))));
            for (int c = 0; c < m.languages().size(); c++) {
                double v = m.values()[r][c];
                row.add(Double.isFinite(v) ? Cell.num(Fmt.signedPercent(v, 3)) : Cell.text(""));
            }
            t.row(row);
        }
        return new Figure(Ids.figure("ablation", step), "Ablation matrix",
                "Relative change in mean NLL per token when a set of neurons is switched off, against the baseline "
                        + "(rows: the set switched off, '.random' = same-size random control; columns: the language evaluated). "
                        + "Red: the model got worse; blue: better; white: no change; colour scale symmetric up to ±"
                        + Fmt.signedPercent(extent, decimals).substring(1) + ". Framed: a language's own neurons on its own text.",
                Heatmap.render(spec), List.of(t));
    }

    private static Table nllTable(ResultsTable r) {
        String metric = r.metrics().contains("mean_nll") ? "mean_nll" : r.metrics().get(0);
        List<String> header = new ArrayList<>(List.of("condition"));
        header.addAll(r.languages());
        Table t = new Table(metric.replace('_', ' ') + " per condition and language (± standard error)", header);
        for (String c : r.conditions()) {
            List<Cell> row = new ArrayList<>(List.of(Cell.text(c)));
            for (String l : r.languages()) {
                row.add(Cells.withStderr(r.value(c, l, metric), r.stderr(c, l, metric)));
            }
            t.row(row);
        }
        return t;
    }
}
