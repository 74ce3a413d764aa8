package io.multilens.report.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code train} step's {@code training.json}: loss per optimiser step and held-out NLL per
 * language at each evaluation.
 */
public record TrainingLog(long parameters, List<Point> loss, List<Evaluation> evaluations, List<String> languages) {

    public record Point(double step, double value) {
    }

    public record Evaluation(double step, Map<String, Double> heldOutNll) {
    }

    public TrainingLog {
        loss = List.copyOf(loss);
        evaluations = List.copyOf(evaluations);
        languages = List.copyOf(languages);
    }

    /** @throws IllegalArgumentException when there is neither a {@code steps} nor an {@code evaluations} list */
    public static TrainingLog from(JsonNode training) {
        JsonNode steps = training.path("steps");
        JsonNode evals = training.path("evaluations");
        if (!steps.isArray() && !evals.isArray()) {
            throw new IllegalArgumentException("neither a \"steps\" nor an \"evaluations\" list");
        }
        List<Point> loss = new ArrayList<>();
        for (JsonNode s : steps) {
            if (s.path("step").isNumber() && s.path("loss").isNumber() && Double.isFinite(s.path("loss").asDouble())) {
                loss.add(new Point(s.path("step").asDouble(), s.path("loss").asDouble()));
            }
        }
        List<Evaluation> evaluations = new ArrayList<>();
        Set<String> languages = new LinkedHashSet<>();
        for (JsonNode e : evals) {
            Map<String, Double> nll = new LinkedHashMap<>();
            e.path("held_out_nll").fields().forEachRemaining(f -> {
                if (f.getValue().isNumber()) {
                    nll.put(f.getKey(), f.getValue().asDouble());
                    languages.add(f.getKey());
                }
            });
            if (e.path("step").isNumber() && !nll.isEmpty()) {
                evaluations.add(new Evaluation(e.path("step").asDouble(), nll));
            }
        }
        return new TrainingLog(training.path("parameters").asLong(0), loss, evaluations, new ArrayList<>(languages));
    }
}
