package io.multilens.model.llama;

import ai.djl.ndarray.NDArray;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.MlpTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A probe that copies every traced tensor to Java arrays, keyed "layer.name", and logs the call order. */
final class Recorder implements LayerProbe {

    /** A copied tensor. */
    record Tensor(long[] shape, float[] data) {
        float at(long... index) {
            long flat = 0;
            for (int i = 0; i < shape.length; i++) {
                flat = flat * shape[i] + index[i];
            }
            return data[(int) flat];
        }
    }

    final Map<String, Tensor> tensors = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public void attention(int layer, AttentionTrace t) {
        calls.add(layer + ".attention");
        put(layer, "input", t.input());
        put(layer, "q", t.q());
        put(layer, "k", t.k());
        put(layer, "v", t.v());
        put(layer, "qRope", t.qPos());
        put(layer, "kRope", t.kPos());
        put(layer, "qPath", t.queryTransform().apply(t.q()));
        put(layer, "kPath", t.keyTransform().apply(t.k()));
        put(layer, "scoreBias", t.scoreBias());
        put(layer, "probs", t.probs());
        put(layer, "context", t.context());
        put(layer, "attnOutput", t.output());
        put(layer, "valid", t.valid());
    }

    @Override
    public void mlp(int layer, MlpTrace t) {
        calls.add(layer + ".mlp");
        put(layer, "mlpInput", t.input());
        put(layer, "gate", t.gate());
        put(layer, "up", t.up());
        put(layer, "act", t.act());
        put(layer, "mlpOutput", t.output());
        put(layer, "mlpValid", t.valid());
    }

    Tensor get(int layer, String name) {
        return tensors.get(layer + "." + name);
    }

    private void put(int layer, String name, NDArray a) {
        tensors.put(layer + "." + name, new Tensor(a.getShape().getShape(), a.toFloatArray()));
    }
}
