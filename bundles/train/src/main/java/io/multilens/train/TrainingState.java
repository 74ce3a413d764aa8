package io.multilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.data.Safetensors;
import io.multilens.api.model.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resumable state of a training run in the step's state folder: the model so far, the
 * optimiser's moments and the loss curve, valid only for the same options. Saved into a
 * temporary folder and renamed, so an interrupted save never leaves a half state.
 */
final class TrainingState {

    private final Path dir;
    private final String fingerprint;

    TrainingState(Path stateDir, Map<String, Object> options) throws IOException {
        this.dir = stateDir.resolve("current");
        this.fingerprint = sha256(new ObjectMapper().writeValueAsBytes(new TreeMap<>(options)));
    }

    boolean resumable() throws IOException {
        Path meta = dir.resolve("state.json");
        return Files.isRegularFile(meta)
                && fingerprint.equals(new ObjectMapper().readTree(meta.toFile()).path("options_sha256").asText());
    }

    Path modelDir() {
        return dir.resolve("model");
    }

    TrainingReport report() throws IOException {
        return TrainingReport.read(dir.resolve("report.json"));
    }

    /** Loads the optimiser's moments; returns the step to continue from. */
    long restore(AdamW adam, NDManager manager) throws IOException {
        Map<String, NDArray> first = new LinkedHashMap<>();
        Map<String, NDArray> second = new LinkedHashMap<>();
        try (NDManager tmp = manager.newSubManager()) {
            Safetensors.read(dir.resolve("optimizer.safetensors")).forEach((name, t) -> {
                NDArray a = tmp.create(t.data(), new ai.djl.ndarray.types.Shape(t.shape()));
                (name.startsWith("m.") ? first : second).put(name.substring(2), a);
            });
            long step = new ObjectMapper().readTree(dir.resolve("state.json").toFile()).path("step").asLong();
            adam.restore(first, second, step);
            return step;
        }
    }

    void save(TrainableModel model, AdamW adam, long step, TrainingReport report) throws IOException {
        Path tmp = Files.createTempDirectory(dir.getParent(), "saving-");
        model.save(tmp.resolve("model"));
        Map<String, Safetensors.Tensor> moments = new LinkedHashMap<>();
        adam.firstMoments().forEach((k, a) -> moments.put("m." + k, tensor(a)));
        adam.secondMoments().forEach((k, a) -> moments.put("v." + k, tensor(a)));
        Safetensors.write(tmp.resolve("optimizer.safetensors"), moments, Map.of());
        report.write(tmp.resolve("report.json"), Map.of(), Map.of());
        Files.writeString(tmp.resolve("state.json"), new ObjectMapper().writeValueAsString(
                Map.of("step", step, "options_sha256", fingerprint)));
        Files2.replace(tmp, dir);
    }

    private static Safetensors.Tensor tensor(NDArray a) {
        return new Safetensors.Tensor(a.toFloatArray(), a.getShape().getShape());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
