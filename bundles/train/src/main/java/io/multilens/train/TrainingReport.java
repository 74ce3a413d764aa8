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
    private int skippedInARow;

    public void step(long step, double loss, double gradNorm, double lr, double tokensPerSecond) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", step + 1);
        s.put("loss", Double.isFinite(loss) ? loss : null);
        s.put("grad_norm", Double.isFinite(gradNorm) ? gradNorm : null);
        s.put("lr", lr);
        s.put("tokens_per_s", Math.round(tokensPerSecond));
        steps.add(s);
        if (Double.isFinite(loss) && Double.isFinite(gradNorm)) {
            skippedInARow = 0;
            smoothed = Double.isNaN(smoothed) ? loss : SMOOTHING * smoothed + (1 - SMOOTHING) * loss;
        } else {
            skippedInARow++;
        }
    }

    public int skippedInARow() {
        return skippedInARow;
    }

    void evaluation(long step, Map<String, Double> nll) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("step", step);
        e.put("held_out_nll", nll);
        evaluations.add(e);
    }

    public double smoothedLoss() {
        return smoothed;
    }

    /** The header line of a model's report: how many parameters it has. */
    static Map<String, Object> parameterCount(Map<String, NDArray> parameters) {
        return Map.of("parameters", parameters.values().stream().mapToLong(p -> p.getShape().size()).sum());
    }

    /** Writes the report with {@code header} fields first (what was trained, sizes). */
    public void write(Path file, Map<String, Object> header, Map<String, Object> options) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "multilens.training/1");
        root.putAll(header);
        root.put("options", options);
        root.put("final_held_out_nll", evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1).get("held_out_nll"));
        root.put("evaluations", evaluations);
        root.put("steps", steps);
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }

    /** For a resumed run: the curve so far. */
    @SuppressWarnings("unchecked")
    public static TrainingReport read(Path file) throws IOException {
        Map<String, Object> root = new ObjectMapper().readValue(file.toFile(), Map.class);
        TrainingReport r = new TrainingReport();
        r.steps.addAll((List<Map<String, Object>>) root.getOrDefault("steps", List.of()));
        r.evaluations.addAll((List<Map<String, Object>>) root.getOrDefault("evaluations", List.of()));
        for (Map<String, Object> s : r.steps) {
            if (s.get("loss") instanceof Number n) {
                r.smoothed = Double.isNaN(r.smoothed) ? n.doubleValue() : SMOOTHING * r.smoothed + (1 - SMOOTHING) * n.doubleValue();
            }
        }
        return r;
    }
}
