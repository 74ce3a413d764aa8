package io.multilens.train.finetune;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.data.Safetensors;
import io.multilens.api.model.NeuronDelta;
import io.multilens.api.model.TrainableModel;
import io.multilens.train.Files2;
import io.multilens.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resumable state of a fine-tuning in the step's state folder: the trained slices so far (as
 * a delta), the optimiser's moments and the loss curve — only for the same options.
 */
final class FineTuneState {

    private final Path dir;
    private final String fingerprint;

    FineTuneState(Path stateDir, Map<String, Object> options) throws IOException {
        this.dir = stateDir.resolve("current");
        this.fingerprint = HexFormat.of().formatHex(sha256(new ObjectMapper().writeValueAsBytes(new TreeMap<>(options))));
    }

    boolean resumable() throws IOException {
        Path meta = dir.resolve("state.json");
        return Files.isRegularFile(meta)
                && fingerprint.equals(new ObjectMapper().readTree(meta.toFile()).path("options_sha256").asText());
    }

    /** Puts the saved slices into the (fresh) model and the moments into the optimiser. */
    TrainingReport resume(TrainableModel model, SparseAdamW adam) throws IOException {
        NeuronDelta.read(dir.resolve("delta")).applyTo(model, dir.resolve("delta"));
        Map<String, Safetensors.Tensor> moments = Safetensors.read(dir.resolve("optimizer.safetensors"));
        List<float[]> first = new ArrayList<>();
        List<float[]> second = new ArrayList<>();
        for (int i = 0; moments.containsKey("m." + i); i++) {
            first.add(moments.get("m." + i).data());
            second.add(moments.get("v." + i).data());
        }
        long step = new ObjectMapper().readTree(dir.resolve("state.json").toFile()).path("step").asLong();
        adam.restore(first, second, step);
        return TrainingReport.read(dir.resolve("report.json"));
    }

    void save(Map<String, NDArray> params, SparseAdamW adam, DeltaRecorder delta, TrainingReport report) throws IOException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), "saving-");
        delta.write(tmp.resolve("delta"), Map.of());
        Map<String, Safetensors.Tensor> moments = new LinkedHashMap<>();
        for (int i = 0; i < adam.firstMoments().size(); i++) {
            moments.put("m." + i, tensor(adam.firstMoments().get(i)));
            moments.put("v." + i, tensor(adam.secondMoments().get(i)));
        }
        Safetensors.write(tmp.resolve("optimizer.safetensors"), moments, Map.of());
        report.write(tmp.resolve("report.json"), Map.of(), Map.of());
        Files.writeString(tmp.resolve("state.json"), new ObjectMapper().writeValueAsString(
                Map.of("step", adam.steps(), "options_sha256", fingerprint)));
        Files2.replace(tmp, dir);
    }

    private static Safetensors.Tensor tensor(NDArray a) {
        return new Safetensors.Tensor(a.toFloatArray(), a.getShape().getShape());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
