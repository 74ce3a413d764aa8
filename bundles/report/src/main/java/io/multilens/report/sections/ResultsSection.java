package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.report.data.KeyedTable;
import io.multilens.report.data.ResultsTable;
import io.multilens.report.html.Figure;
import io.multilens.report.html.Html;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.svg.ErrorBarChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Any other step whose {@code metrics.json} has a {@code results.<condition>.<language>.<metric>}
 * table: benchmarks (lm-evaluation-harness style, {@code acc} with {@code acc_stderr}),
 * fine-tuning before/after, plugins not written yet. Each metric with standard errors gets a chart
 * of conditions side by side per language; every metric is in the table.
 */
public final class ResultsSection {

    /** Top-level keys that are not tables of results. */
    private static final Set<String> NOT_TABLES = Set.of("format", "results", "config");

    private ResultsSection() {
    }

    public static boolean applies(RunFolder run, StepRecord step) {
        return PerplexitySection.metrics(run, step).flatMap(m -> ResultsTable.from(m.path("results"))).isPresent();
    }

    public static Optional<Section> build(RunFolder run, StepRecord step) {
        Optional<JsonNode> metrics = PerplexitySection.metrics(run, step);
        Optional<ResultsTable> results = metrics.flatMap(m -> ResultsTable.from(m.path("results")));
        if (results.isEmpty()) {
            return Optional.empty();
        }
        ResultsTable r = results.get();
        List<Figure> figures = new ArrayList<>();
        for (String metric : r.metricsWithStderr()) {
            figures.add(new Figure(Ids.figure("results", step) + "-" + Html.id(metric),
                    metric + " per language (" + step.id() + ")",
                    "Step '" + step.id() + "' (" + step.plugin() + "): " + metric + " per language, one bar per condition ("
                            + String.join(", ", r.conditions()) + "), side by side; error bars: ±1 standard error ("
                            + metric + ResultsTable.STDERR_SUFFIX + ").",
                    ErrorBarChart.render(r, metric), List.of()));
        }
        List<Table> tables = new ArrayList<>();
        tables.add(resultsTable(r));
        for (Map.Entry<String, JsonNode> e : fields(metrics.get())) {
            if (NOT_TABLES.contains(e.getKey())) {
                continue;
            }
            Optional<KeyedTable> k = KeyedTable.from(e.getValue());
            if (k.isPresent()) {
                tables.add(keyedTable(e.getKey().replace('_', ' '), "", k.get()));
            } else if (isFlat(e.getValue())) {
                tables.add(flatTable(e.getKey().replace('_', ' '), e.getValue()));
            }
        }
        String intro = "Step '" + step.id() + "' (" + step.plugin() + "): " + r.conditions().size() + " conditions × "
                + r.languages().size() + " languages; metrics " + String.join(", ", r.metrics()) + ".";
        return Optional.of(new Section(Ids.section("results", step), "Results (" + step.id() + ", " + step.plugin() + ")", intro, figures, tables));
    }

    /** One row per condition and language, one column per metric, "value ± stderr". */
    static Table resultsTable(ResultsTable r) {
        List<String> header = new ArrayList<>(List.of("condition", "language"));
        header.addAll(r.metrics());
        Table t = new Table("All results (value ± standard error where given)", header);
        for (String c : r.conditions()) {
            for (String l : r.languages()) {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(c), Cell.text(l)));
                for (String m : r.metrics()) {
                    JsonNode raw = r.raw(c, l, m);
                    row.add(raw.isNumber() ? Cells.withStderr(r.value(c, l, m), r.stderr(c, l, m)) : Cells.of(raw));
                }
                t.row(row);
            }
        }
        return t;
    }

    static Table keyedTable(String caption, String rowTitle, KeyedTable k) {
        List<String> header = new ArrayList<>(List.of(rowTitle));
        k.columns().forEach(c -> header.add(c.replace('_', ' ')));
        Table t = new Table(caption, header);
        for (String row : k.rows()) {
            List<Cell> cells = new ArrayList<>(List.of(Cell.text(row)));
            for (String c : k.columns()) {
                cells.add(Cells.of(k.cell(row, c)));
            }
            t.row(cells);
        }
        return t;
    }

    private static boolean isFlat(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return false;
        }
        for (JsonNode v : node) {
            if (v.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static Table flatTable(String caption, JsonNode node) {
        Table t = new Table(caption, List.of("name", "value"));
        node.fields().forEachRemaining(e -> t.row(List.of(Cell.text(e.getKey()), Cells.of(e.getValue()))));
        return t;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }
}
