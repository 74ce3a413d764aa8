package io.multilens.report.sections;

import com.fasterxml.jackson.databind.JsonNode;
import io.multilens.report.html.Section;
import io.multilens.report.html.Table;
import io.multilens.report.html.Table.Cell;
import io.multilens.report.run.RunFolder;
import io.multilens.report.run.StepRecord;
import io.multilens.report.svg.Fmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Steps that compare or steer with neuron sets: {@code neurons.compare}'s overlap of two
 * detectors per language and layer, and {@code steer}'s language shares and fluency per target.
 * Tables only: the numbers are few and read best side by side.
 */
public final class DetectorComparisonSection {

    private DetectorComparisonSection() {
    }

    public static boolean applies(RunFolder run, StepRecord step) {
        return comparison(run, step).isPresent() || steering(run, step).isPresent();
    }

    private static Optional<JsonNode> comparison(RunFolder run, StepRecord step) {
        return step.file("comparison.json").flatMap(f -> run.json(step, f))
                .filter(j -> j.path("format").asText().equals("multilens.neuron-comparison/1"));
    }

    private static Optional<JsonNode> steering(RunFolder run, StepRecord step) {
        return step.file("steering.json").flatMap(f -> run.json(step, f))
                .filter(j -> j.path("format").asText().equals("multilens.steering/1"));
    }

    public static Optional<Section> build(RunFolder run, StepRecord step) {
        Optional<JsonNode> cmp = comparison(run, step);
        if (cmp.isPresent()) {
            return Optional.of(comparisonSection(step, cmp.get()));
        }
        return steering(run, step).map(s -> steeringSection(step, s));
    }

    private static Section comparisonSection(StepRecord step, JsonNode c) {
        String a = c.path("a").path("name").asText("a");
        String b = c.path("b").path("name").asText("b");
        Table totals = new Table("Neurons per language (" + String.join(", ", strings(c.path("structures"))) + ") and their overlap",
                List.of("language", a, b, "both", "Jaccard"));
        TreeSet<Integer> layers = new TreeSet<>();
        c.path("languages").fields().forEachRemaining(e -> {
            JsonNode l = e.getValue();
            totals.row(List.of(Cell.text(e.getKey()), Cell.num(l.path("a").asText()), Cell.num(l.path("b").asText()),
                    Cell.num(l.path("both").asText()), Cells.num(l.path("jaccard").asDouble(), 2)));
            l.path("per_layer").fieldNames().forEachRemaining(k -> layers.add(Integer.parseInt(k)));
        });
        List<String> head = new ArrayList<>(List.of("language"));
        layers.forEach(l -> head.add("layer " + l));
        Table perLayer = new Table("Jaccard overlap per layer", head);
        c.path("languages").fields().forEachRemaining(e -> {
            List<Cell> row = new ArrayList<>(List.of(Cell.text(e.getKey())));
            for (int l : layers) {
                JsonNode cell = e.getValue().path("per_layer").path(Integer.toString(l));
                row.add(cell.isMissingNode() ? Cell.text("") : Cells.num(cell.path("jaccard").asDouble(), 2));
            }
            perLayer.row(row);
        });
        return new Section(Ids.section("comparison", step), "Detectors compared: " + a + " and " + b + " (" + step.id() + ")",
                "How far the two neuron files agree, per language and per layer.", List.of(), List.of(totals, perLayer));
    }

    private static Section steeringSection(StepRecord step, JsonNode s) {
        String prompt = s.path("prompt_language").asText();
        Table t = new Table("Per condition: continuations identified as the target (unsteered → steered, 95% interval), as the"
                + " prompt's language, NLL per token under the unsteered model, relevance (chrF against the target-language"
                + " translation of the prompt's sentence, unsteered → steered) and the harmonic mean of control and relevance",
                List.of("condition", "changed", "target share", "95% interval", prompt + " share", "NLL unsteered", "NLL steered",
                        "relevance", "harmonic mean"));
        s.path("languages").fields().forEachRemaining(e -> t.row(row(e.getKey(), e.getValue())));
        return new Section(Ids.section("steering", step), "Steering (" + step.id() + ": " + method(s) + ")",
                "Step '" + step.id() + "' steered the continuations of " + prompt + " prompts towards each target ("
                        + method(s) + "); a language identifier judged them.", List.of(), List.of(t));
    }

    /** One condition's scores, as the steering table and the scoreboard show them. */
    static List<Cell> row(String condition, JsonNode l) {
        JsonNode ci = l.path("share_target_ci95");
        return List.of(Cell.text(condition), Cell.num(l.path("changed_prompts").asText() + "/" + l.path("prompts").asText()),
                Cell.num(percent(l.path("share_target_unsteered")) + " → " + percent(l.path("share_target"))),
                Cell.num(ci.size() == 2 ? percent(ci.get(0)) + "–" + percent(ci.get(1)) : ""),
                Cell.num(percent(l.path("share_prompt_language"))),
                number(l.path("nll_per_token_unsteered")), number(l.path("nll_per_token")),
                Cell.num(l.path("relevance_chrf").isNumber() ? Fmt.sig(l.path("relevance_chrf_unsteered").asDouble(), 2) + " → "
                        + Fmt.sig(l.path("relevance_chrf").asDouble(), 2) : ""),
                number(l.path("control_relevance_harmonic_mean")));
    }

    /** What the step steered with, in words. */
    static String method(JsonNode s) {
        if (s.path("method").asText().equals("diffmean")) {
            return "DiffMean residual vectors";
        }
        return s.path("mode").asText("set-mean").equals("lape") ? "neurons, LAPE's recipe" : "neurons held at their mean";
    }

    private static Cell number(JsonNode v) {
        return v.isNumber() ? Cells.num(v.asDouble(), 2) : Cell.text("");
    }

    private static String percent(JsonNode v) {
        return v.isNumber() ? Math.round(100 * v.asDouble()) + "%" : "";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
