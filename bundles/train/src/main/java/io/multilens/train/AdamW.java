package io.multilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, Loshchilov and Hutter) over named parameters, updated in
 * place. Weight decay applies to matrices only, not to norm gains. Moments live in the
 * optimiser's own manager.
 */
public final class AdamW implements AutoCloseable {

    private final NDManager state;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long t;

    public AdamW(NDManager parent, double beta1, double beta2, double eps, double weightDecay) {
        this.state = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** One update of every parameter from its gradient; call with gradient recording off. */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, double lr) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            String name = e.getKey();
            NDArray p = e.getValue();
            NDArray g = grads.get(name);
            NDArray mt = m.computeIfAbsent(name, k -> state.zeros(p.getShape()));
            NDArray vt = v.computeIfAbsent(name, k -> state.zeros(p.getShape()));
            try (NDManager tmp = state.newSubManager()) {
                // results land in their receiver's manager: borrow the receivers so temporaries die with tmp
                tmp.tempAttachAll(g, mt, vt);
                mt.muli(beta1).addi(g.mul(1 - beta1));                     // m = b1 m + (1-b1) g
                vt.muli(beta2).addi(g.square().mul(1 - beta2));            // v = b2 v + (1-b2) g²
                NDArray denom = vt.div(c2).sqrt().add(eps);               // sqrt(v̂) + eps
                NDArray update = mt.div(c1).div(denom);                    // m̂ / (sqrt(v̂) + eps)
                if (weightDecay > 0 && p.getShape().dimension() >= 2) {
                    p.muli(1 - lr * weightDecay);                          // decoupled decay
                }
                p.subi(update.mul(lr));
            }
        }
    }

    /** The moments by parameter name, for saving a resumable state. */
    public Map<String, NDArray> firstMoments() {
        return m;
    }

    public Map<String, NDArray> secondMoments() {
        return v;
    }

    public long steps() {
        return t;
    }

    /** Restores a saved state (moments copied into this optimiser's manager). */
    public void restore(Map<String, NDArray> first, Map<String, NDArray> second, long steps) {
        first.forEach((k, a) -> m.put(k, a.duplicate()));
        second.forEach((k, a) -> v.put(k, a.duplicate()));
        m.values().forEach(a -> a.attach(state));
        v.values().forEach(a -> a.attach(state));
        t = steps;
    }

    @Override
    public void close() {
        state.close();
    }
}
