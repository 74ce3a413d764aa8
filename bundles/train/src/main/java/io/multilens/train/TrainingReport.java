package io.multilens.train;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run measured: the loss at every step, learning rate and speed, and the
 * held-out NLL per language at each evaluation. Saved as {@code training.json}.
 */
public final class TrainingReport {

    private static final double SMOOTHING = 0.95;

    public final List<Map<String, Object>> steps = new ArrayList<>();
    public final List<Map<String, Object>> evaluations = new ArrayList<>();
    private double smoothed = Double.NaN;

    void step(long step, double loss, double lr, double tokensPerSecond) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", step + 1);
        s.put("loss", loss);
        s.put("lr", lr);
        s.put("tokens_per_s", Math.round(tokensPerSecond));
        steps.add(s);
        smoothed = Double.isNaN(smoothed) ? loss : SMOOTHING * smoothed + (1 - SMOOTHING) * loss;
    }

    void evaluation(long step, Map<String, Double> nll) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("step", step);
        e.put("held_out_nll", nll);
        evaluations.add(e);
    }

    double smoothedLoss() {
        return smoothed;
    }

    void write(Path file, Map<String, Object> options, Map<String, NDArray> parameters) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.training/1");
        root.put("parameters", parameters.values().stream().mapToLong(p -> p.getShape().size()).sum());
        root.put("options", options);
        root.put("final_held_out_nll", evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1).get("held_out_nll"));
        root.put("evaluations", evaluations);
        root.put("steps", steps);
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    /** For a resumed run: the curve so far. */
    @SuppressWarnings("unchecked")
    static TrainingReport read(Path file) throws IOException {
        Map<String, Object> root = new ObjectMapper().readValue(file.toFile(), Map.class);
        TrainingReport r = new TrainingReport();
        r.steps.addAll((List<Map<String, Object>>) root.getOrDefault("steps", List.of()));
        r.evaluations.addAll((List<Map<String, Object>>) root.getOrDefault("evaluations", List.of()));
        for (Map<String, Object> s : r.steps) {
            double loss = ((Number) s.get("loss")).doubleValue();
            r.smoothed = Double.isNaN(r.smoothed) ? loss : SMOOTHING * r.smoothed + (1 - SMOOTHING) * loss;
        }
        return r;
    }
}
