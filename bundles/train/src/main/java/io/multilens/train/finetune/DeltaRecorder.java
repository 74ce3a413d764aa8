package io.multilens.train.finetune;

import ai.djl.ndarray.NDArray;
import io.multilens.api.model.NeuronDelta;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers the trained slices' original values (as hashes that tie the delta to its base) and
 * writes their current values as a {@link NeuronDelta}.
 */
final class DeltaRecorder {

    private final List<Slice> slices;
    private final Map<String, NDArray> params;
    private final Path base;
    private final List<String> originalHashes = new ArrayList<>();

    DeltaRecorder(List<Slice> slices, Map<String, NDArray> params, Path base) {
        this.slices = slices;
        this.params = params;
        this.base = base;
        for (Slice s : slices) {
            originalHashes.add(NeuronDelta.sha256(NeuronDelta.slices(params.get(s.tensor()), s.axis(), s.indices())));
        }
    }

    Set<String> tensors() {
        Set<String> names = new LinkedHashSet<>();
        slices.forEach(s -> names.add(s.tensor()));
        return names;
    }

    long trainedParameters() {
        long n = 0;
        for (Slice s : slices) {
            n += NeuronDelta.sliceShape(params.get(s.tensor()).getShape(), s.axis(), s.indices().length).size();
        }
        return n;
    }

    /** Trained rows/columns per tensor, for the report. */
    Map<String, Integer> summary() {
        Map<String, Integer> out = new LinkedHashMap<>();
        slices.forEach(s -> out.put(s.tensor() + (s.axis() == 0 ? " rows" : " columns"), s.indices().length));
        return out;
    }

    void write(Path dir, Map<String, Object> provenance) throws IOException {
        List<NeuronDelta.Entry> entries = new ArrayList<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            NDArray w = params.get(s.tensor());
            entries.add(new NeuronDelta.Entry(s.tensor(), s.axis(), s.indices(), originalHashes.get(i)));
            values.put(NeuronDelta.key(s.tensor(), s.axis()), NeuronDelta.slices(w, s.axis(), s.indices()));
            shapes.put(NeuronDelta.key(s.tensor(), s.axis()), NeuronDelta.sliceShape(w.getShape(), s.axis(), s.indices().length).getShape());
        }
        new NeuronDelta(base.toString(), entries, provenance).write(dir, values, shapes);
    }
}
