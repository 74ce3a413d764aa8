package io.multilens.train.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.NeuronDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW on the trained slices only: moments are kept for the trained rows/columns (so memory grows
 * with the neurons trained, not with the model), and the update — including decoupled weight
 * decay — writes those slices and nothing else, so every frozen entry stays bit-identical.
 */
final class SparseAdamW implements AutoCloseable {

    private final NDManager state;
    private final List<Slice> slices;
    private final List<NDArray> indices = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private long t;

    SparseAdamW(NDManager parent, List<Slice> slices, Map<String, NDArray> params, double beta1, double beta2,
                double weightDecay) {
        this.state = parent.newSubManager();
        this.slices = slices;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        for (Slice s : slices) {
            indices.add(state.create(java.util.Arrays.stream(s.indices()).asLongStream().toArray()));
            var shape = NeuronDelta.sliceShape(params.get(s.tensor()).getShape(), s.axis(), s.indices().length);
            m.add(state.zeros(shape));
            v.add(state.zeros(shape));
        }
    }

    /** The gradient slices of the trained entries ([n, in] / [out, n] / [n]), in {@code scope}. */
    List<NDArray> gather(NDManager scope, Map<String, NDArray> grads) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            NDArray g = grads.get(slices.get(i).tensor());
            NDArray picked = g.get(NeuronDelta.index(slices.get(i).axis(), indices.get(i)));
            picked.attach(scope);
            out.add(picked);
        }
        return out;
    }

    /** One update of the trained slices from their gradients; call with gradient recording off. */
    void step(NDManager scope, Map<String, NDArray> params, List<NDArray> gradSlices, double lr, double eps) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            NDArray weight = params.get(s.tensor());
            try (NDManager tmp = scope.newSubManager()) {
                NDArray g = gradSlices.get(i);
                tmp.tempAttachAll(g, m.get(i), v.get(i));
                m.get(i).muli(beta1).addi(g.mul(1 - beta1));               // m = b1 m + (1-b1) g
                v.get(i).muli(beta2).addi(g.square().mul(1 - beta2));      // v = b2 v + (1-b2) g²
                NDArray denom = v.get(i).div(c2).sqrt().add(eps);          // sqrt(v̂) + eps
                NDArray update = m.get(i).div(c1).div(denom);              // m̂ / (sqrt(v̂) + eps)
                NDArray w = weight.get(NeuronDelta.index(s.axis(), indices.get(i)));
                w.attach(tmp);
                double decay = weight.getShape().dimension() >= 2 ? 1 - lr * weightDecay : 1;
                NDArray next = w.mul(decay).sub(update.mul(lr));           // decoupled decay, trained entries only
                weight.set(NeuronDelta.index(s.axis(), indices.get(i)), next);
            }
        }
    }

    long steps() {
        return t;
    }

    List<NDArray> firstMoments() {
        return m;
    }

    List<NDArray> secondMoments() {
        return v;
    }

    void restore(List<float[]> first, List<float[]> second, long steps) {
        for (int i = 0; i < slices.size(); i++) {
            m.get(i).set(java.nio.FloatBuffer.wrap(first.get(i)));
            v.get(i).set(java.nio.FloatBuffer.wrap(second.get(i)));
        }
        t = steps;
    }

    /** The bytes of optimiser state, to compare with full fine-tuning. */
    long stateBytes() {
        long n = 0;
        for (NDArray a : m) {
            n += 2 * 4 * a.getShape().size();
        }
        return n;
    }

    @Override
    public void close() {
        state.close();
    }
}
