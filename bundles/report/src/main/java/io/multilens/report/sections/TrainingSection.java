package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.report.data.ResultsTable;
import io.multilens.report.data.TrainingLog;
import io.multilens.report.html.Figure;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.svg.ErrorBarChart;
import io.multilens.report.svg.Fmt;
import io.multilens.report.svg.LineChart;
import io.multilens.report.svg.Svg;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A step that wrote a training log ({@code "format": "multilens.training/1"}): {@code train}'s
 * training.json, a fine-tuner's finetune.json. The loss curve, held-out NLL per language, and
 * the log's own summary numbers.
 */
public final class TrainingSection {

    public static final String FORMAT_PREFIX = "multilens.training/";
    private static final Set<String> NOT_LOGS = Set.of("neurons.json", "metrics.json", "stats.json", "manifest.json");
    private static final int MAX_LOSS_ROWS = 500;

    private TrainingSection() {
    }

    public static boolean applies(RunFolder run, StepRecord step) {
        return log(run, step).isPresent();
    }

    /** The step's training log: an output (or training.json) whose format is multilens.training/*. */
    static Optional<Map.Entry<String, JsonNode>> log(RunFolder run, StepRecord step) {
        Set<String> candidates = new LinkedHashSet<>(step.outputs().values());
        candidates.add("training.json");
        for (String name : candidates) {
            if (!name.endsWith(".json") || NOT_LOGS.contains(name)) {
                continue;
            }
            Optional<JsonNode> json = step.file(name).flatMap(f -> run.json(step, f));
            if (json.isPresent() && json.get().path("format").asText("").startsWith(FORMAT_PREFIX)) {
                return Optional.of(Map.entry(name, json.get()));
            }
        }
        return Optional.empty();
    }

    public static Optional<Section> build(RunFolder run, StepRecord step) {
        Optional<Map.Entry<String, JsonNode>> json = log(run, step);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        TrainingLog log;
        try {
            log = TrainingLog.from(json.get().getValue());
        } catch (IllegalArgumentException e) {
            run.problems().add(step.id() + ": " + json.get().getKey() + " has " + e.getMessage());
            return Optional.empty();
        }
        List<Figure> figures = new ArrayList<>();
        if (!log.loss().isEmpty()) {
            double[] x = log.loss().stream().mapToDouble(TrainingLog.Point::step).toArray();
            double[] y = log.loss().stream().mapToDouble(TrainingLog.Point::value).toArray();
            Svg svg = LineChart.render("Training loss per step", "optimiser step", "training loss (NLL per token)",
                    List.of(new LineChart.Series("loss", x, y)), x.length <= 60, 900, 280);
            figures.add(new Figure(Ids.figure("loss", step), "Training loss",
                    "Loss (mean NLL per token of the training batch) at each optimiser step; " + x.length + " steps, last "
                            + Fmt.sig(y[y.length - 1], 4) + ".", svg, List.of(lossTable(log.loss()))));
        }
        if (!log.evaluations().isEmpty()) {
            figures.add(heldOutFigure(step, log));
        }
        String intro = "Step '" + step.id() + "' (" + step.plugin() + ") trained"
                + (log.parameters() > 0 ? " a model of " + String.format(Locale.ROOT, "%,d", log.parameters()) + " parameters" : "")
                + " for " + log.loss().size() + " logged steps (" + json.get().getKey() + ").";
        List<Table> tables = new ArrayList<>();
        summary(json.get().getValue()).ifPresent(tables::add);
        return Optional.of(new Section(Ids.section("training", step), "Training (" + step.id() + ", " + step.plugin() + ")",
                intro, figures, tables));
    }

    /** The log's top-level numbers (e.g. a fine-tuner's trained_neurons, optimizer_state_bytes). */
    private static Optional<Table> summary(JsonNode log) {
        Table t = new Table("Summary: the log's top-level numbers", List.of("name", "value"));
        log.fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                t.row(List.of(Cell.text(e.getKey().replace('_', ' ')), Cells.of(e.getValue())));
            }
        });
        return t.rowCount() == 0 ? Optional.empty() : Optional.of(t);
    }

    /** The logged losses; a long run's every k-th step (and the last), so the page stays light. */
    private static Table lossTable(List<TrainingLog.Point> loss) {
        int every = (int) Math.ceil(loss.size() / (double) MAX_LOSS_ROWS);
        Table t = new Table(every == 1 ? "Training loss per step" : "Training loss, every " + every + "th logged step and the last",
                List.of("step", "loss"));
        for (int i = 0; i < loss.size(); i++) {
            if (i % every == 0 || i == loss.size() - 1) {
                t.row(List.of(Cell.num(Fmt.sig(loss.get(i).step(), 9)), Cells.num(loss.get(i).value(), 5)));
            }
        }
        return t;
    }

    private static Figure heldOutFigure(StepRecord step, TrainingLog log) {
        Svg svg;
        String how;
        if (log.evaluations().size() == 1) {
            // one evaluation has no curve to draw: a bar per language reads better than lone points
            TrainingLog.Evaluation e = log.evaluations().get(0);
            ObjectNode results = JsonNodeFactory.instance.objectNode();
            ObjectNode byLang = results.putObject("step " + Fmt.sig(e.step(), 9));
            e.heldOutNll().forEach((lang, v) -> byLang.putObject(lang).put("held_out_nll", v));
            svg = ErrorBarChart.render(ResultsTable.from(results).orElseThrow(), "held_out_nll");
            how = "at step " + Fmt.sig(e.step(), 9) + ", the only evaluation";
        } else {
            List<LineChart.Series> series = new ArrayList<>();
            for (String lang : log.languages()) {
                List<double[]> pts = new ArrayList<>();
                for (TrainingLog.Evaluation e : log.evaluations()) {
                    Double v = e.heldOutNll().get(lang);
                    if (v != null) {
                        pts.add(new double[] {e.step(), v});
                    }
                }
                series.add(new LineChart.Series(lang, pts.stream().mapToDouble(p -> p[0]).toArray(),
                        pts.stream().mapToDouble(p -> p[1]).toArray()));
            }
            svg = LineChart.render("Held-out NLL per language during training", "optimiser step", "held-out NLL per token",
                    series, true, 900, 320);
            how = "at each of " + log.evaluations().size() + " evaluations";
        }
        List<String> header = new ArrayList<>(List.of("step"));
        header.addAll(log.languages());
        Table t = new Table("Held-out NLL per token", header);
        for (TrainingLog.Evaluation e : log.evaluations()) {
            List<Cell> row = new ArrayList<>(List.of(Cell.num(Fmt.sig(e.step(), 9))));
            for (String lang : log.languages()) {
                Double v = e.heldOutNll().get(lang);
                row.add(v == null ? Cell.text("") : Cells.num(v, 5));
            }
            t.row(row);
        }
        return new Figure(Ids.figure("heldout", step), "Held-out NLL per language",
                "Mean NLL per token on each language's held-out text, " + how + ".", svg, List.of(t));
    }
}
