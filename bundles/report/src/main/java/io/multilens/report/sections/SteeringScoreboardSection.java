package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every steering step of a run side by side, per target language (CLaS-Bench's comparison): the
 * same prompts, the same identifier, the same relevance measure, so the methods (neurons by LAPE's
 * recipe or held at their mean, DiffMean) can be ranked by the harmonic mean of control and
 * relevance. Only when the run has two steering steps or more.
 */
public final class SteeringScoreboardSection {

    private SteeringScoreboardSection() {
    }

    public static Optional<Section> build(RunFolder run) {
        Map<String, List<List<Cell>>> byTarget = new TreeMap<>();
        int steps = 0;
        for (StepRecord step : run.steps()) {
            Optional<JsonNode> steering = step.file("steering.json").flatMap(f -> run.json(step, f))
                    .filter(j -> j.path("format").asText().equals("multilens.steering/1"));
            if (steering.isEmpty()) {
                continue;
            }
            steps++;
            String method = DetectorComparisonSection.method(steering.get());
            steering.get().path("languages").fields().forEachRemaining(e -> {
                List<Cell> row = new ArrayList<>(List.of(Cell.text(step.id()), Cell.text(method)));
                row.addAll(DetectorComparisonSection.row(e.getKey(), e.getValue()));
                byTarget.computeIfAbsent(e.getValue().path("target").asText(e.getKey()), t -> new ArrayList<>()).add(row);
            });
        }
        if (steps < 2) {
            return Optional.empty();
        }
        Table t = new Table("Per target and method: control (target share), fluency (NLL under the unsteered model), relevance"
                + " (chrF against the target-language translation of the prompt's sentence) and their harmonic mean",
                List.of("step", "method", "condition", "changed", "target share", "95% interval", "prompt-language share",
                        "NLL unsteered", "NLL steered", "relevance", "harmonic mean"));
        byTarget.values().forEach(rows -> rows.forEach(t::row));
        return Optional.of(new Section("sec-steering-scoreboard", "Steering compared",
                "The run's " + steps + " steering steps on the same prompts, target by target.", List.of(), List.of(t)));
    }
}
