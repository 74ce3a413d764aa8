package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.report.data.StageBands;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code ablate} step: which layers make up each stage, and how many neurons each set switches
 * off per stage and structure ({@code ablation.json}), random controls beside their languages.
 */
public final class AblationSection {

    public static final String ABLATE = "ablate";
    private static final List<String> STAGES = List.of("understanding", "task_solving", "generation");
    private static final List<String> KINDS = List.of("attention", "ffn");

    private AblationSection() {
    }

    public static boolean applies(StepRecord step) {
        return step.plugin().equals(ABLATE);
    }

    public static Optional<Section> build(RunFolder run, StepRecord step) {
        Optional<JsonNode> summary = step.output("summary").or(() -> step.file("ablation.json")).flatMap(f -> run.json(step, f));
        Optional<StageBands> stages = step.file("neurons.json").flatMap(f -> run.json(step, f))
                .flatMap(n -> StageBands.fromProvenance(n.path("provenance").path("stages"), "provenance.stages"));
        List<Table> tables = new ArrayList<>();
        summary.filter(JsonNode::isObject).filter(s -> !s.isEmpty()).ifPresent(s -> tables.add(countTable(s)));
        if (tables.isEmpty() && stages.isEmpty()) {
            return Optional.empty();
        }
        String intro = "Step '" + step.id() + "' chose the neurons to switch off"
                + stages.map(b -> ": understanding = layers 0–" + (b.understanding() - 1) + ", task-solving = layers "
                + b.understanding() + "–" + (b.layers() - b.generation() - 1) + ", generation = layers "
                + (b.layers() - b.generation()) + "–" + (b.layers() - 1) + " of " + b.layers()).orElse("")
                + ". Each '<language>.random' set has the same count per layer and structure, drawn outside the language's set.";
        return Optional.of(new Section(Ids.section("ablation", step), "Ablation sets (" + step.id() + ")", intro, List.of(), tables));
    }

    private static Table countTable(JsonNode summary) {
        List<String> keys = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("set"));
        for (String stage : STAGES) {
            for (String kind : KINDS) {
                keys.add(stage + "." + kind);
                header.add(stage.replace('_', '-') + " " + (kind.equals("ffn") ? "FFN" : kind));
            }
        }
        header.add("total");
        Table t = new Table("Neurons switched off per set, stage and structure (ablation.json)", header);
        summary.fields().forEachRemaining(e -> {
            List<Cell> row = new ArrayList<>(List.of(Cell.text(e.getKey())));
            for (String k : keys) {
                JsonNode v = e.getValue().path("by_stage").path(k);
                row.add(Cell.num(v.isNumber() ? v.asText() : "0"));
            }
            row.add(Cells.of(e.getValue().path("total")));
            t.row(row);
        });
        return t;
    }
}
