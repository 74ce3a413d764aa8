package io.multilens.train.finetune;

import io.multilens.api.data.Safetensors;
import io.multilens.api.model.NeuronDelta;
import io.multilens.api.model.TrainableModel;
import io.multilens.train.StateFolder;
import io.multilens.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resumable state of a fine-tuning: the trained slices so far (as a delta), the optimiser's
 * moments and the loss curve, in a {@link StateFolder}.
 */
final class FineTuneState {

    private final StateFolder folder;

    FineTuneState(Path stateDir, Map<String, Object> options) throws IOException {
        this.folder = new StateFolder(stateDir, options);
    }

    boolean resumable() throws IOException {
        return folder.resumable();
    }

    /** Puts the saved slices into the (fresh) model and the moments into the optimiser. */
    TrainingReport resume(TrainableModel model, SparseAdamW adam) throws IOException {
        Path dir = folder.current();
        NeuronDelta.read(dir.resolve("delta")).applyTo(model, dir.resolve("delta"));
        Map<String, Safetensors.Tensor> moments = Safetensors.read(dir.resolve("optimizer.safetensors"));
        List<float[]> first = new ArrayList<>();
        List<float[]> second = new ArrayList<>();
        for (int i = 0; moments.containsKey("m." + i); i++) {
            first.add(moments.get("m." + i).data());
            second.add(moments.get("v." + i).data());
        }
        adam.restore(first, second, folder.step());
        return TrainingReport.read(dir.resolve("report.json"));
    }

    void save(SparseAdamW adam, DeltaRecorder delta, TrainingReport report) throws IOException {
        Path tmp = folder.begin();
        delta.write(tmp.resolve("delta"), Map.of());
        Map<String, Safetensors.Tensor> moments = new LinkedHashMap<>();
        for (int i = 0; i < adam.firstMoments().size(); i++) {
            moments.put("m." + i, StateFolder.tensor(adam.firstMoments().get(i)));
            moments.put("v." + i, StateFolder.tensor(adam.secondMoments().get(i)));
        }
        Safetensors.write(tmp.resolve("optimizer.safetensors"), moments, Map.of());
        report.write(tmp.resolve("report.json"), Map.of(), Map.of());
        folder.commit(tmp, adam.steps());
    }
}
