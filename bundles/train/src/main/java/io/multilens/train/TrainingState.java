package io.multilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.data.Safetensors;
import io.multilens.api.model.TrainableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resumable state of a training run: the model so far, the optimiser's moments and the loss
 * curve, in a {@link StateFolder}.
 */
final class TrainingState {

    private final StateFolder folder;

    TrainingState(Path stateDir, Map<String, Object> options) throws IOException {
        this.folder = new StateFolder(stateDir, options);
    }

    boolean resumable() throws IOException {
        return folder.resumable();
    }

    Path modelDir() {
        return folder.current().resolve("model");
    }

    TrainingReport report() throws IOException {
        return TrainingReport.read(folder.current().resolve("report.json"));
    }

    /** Loads the optimiser's moments; returns the step to continue from. */
    long restore(AdamW adam, NDManager manager) throws IOException {
        Map<String, NDArray> first = new LinkedHashMap<>();
        Map<String, NDArray> second = new LinkedHashMap<>();
        try (NDManager tmp = manager.newSubManager()) {
            Safetensors.read(folder.current().resolve("optimizer.safetensors")).forEach((name, t) -> {
                NDArray a = tmp.create(t.data(), new Shape(t.shape()));
                (name.startsWith("m.") ? first : second).put(name.substring(2), a);
            });
            long step = folder.step();
            adam.restore(first, second, step);
            return step;
        }
    }

    void save(TrainableModel model, AdamW adam, long step, TrainingReport report) throws IOException {
        Path tmp = folder.begin();
        model.save(tmp.resolve("model"));
        Map<String, Safetensors.Tensor> moments = new LinkedHashMap<>();
        adam.firstMoments().forEach((k, a) -> moments.put("m." + k, StateFolder.tensor(a)));
        adam.secondMoments().forEach((k, a) -> moments.put("v." + k, StateFolder.tensor(a)));
        Safetensors.write(tmp.resolve("optimizer.safetensors"), moments, Map.of());
        report.write(tmp.resolve("report.json"), Map.of(), Map.of());
        folder.commit(tmp, step);
    }
}
