package io.multilens.train.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.NeuronDelta;
import io.multilens.api.model.TrainableModel;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.train.Gradients;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sparse update equals a dense AdamW whose gradient and weight decay are masked to the trained entries. */
class SparseAdamWTest {

    private static final double LR = 5e-3;
    private static final double WD = 0.1;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;

    @Test
    void maskedUpdateEqualsDenseUpdateWithAMaskedGradient() {
        Path dir = Path.of(System.getProperty("multilens.repo"), "testdata/fixtures/tiny-llama");
        int[][] batch = {{5, 17, 33, 2, 99, 140, 7, 8}, {250, 3, 3, 61, 12, 9, 44, 1}};
        List<Slice> slices = List.of(new Slice("model.layers.1.mlp.up_proj.weight", 0, new int[] {4, 50, 171}),
                new Slice("model.layers.1.mlp.down_proj.weight", 1, new int[] {4, 50, 171}),
                new Slice("model.layers.0.self_attn.k_proj.weight", 0, new int[] {0, 31}));
        Set<String> tensors = Set.of("model.layers.1.mlp.up_proj.weight", "model.layers.1.mlp.down_proj.weight",
                "model.layers.0.self_attn.k_proj.weight");
        try (TrainableModel sparse = (TrainableModel) new LlamaBackend().load(dir, io.multilens.api.model.LoadOptions.of("cpu"));
             TrainableModel dense = (TrainableModel) new LlamaBackend().load(dir, io.multilens.api.model.LoadOptions.of("cpu"));
             NDManager masks = dense.manager().newSubManager();
             SparseAdamW adam = new SparseAdamW(sparse.manager(), slices, sparse.parameters(), B1, B2, WD)) {
            Map<String, NDArray> mask = new LinkedHashMap<>();
            Map<String, NDArray> m = new LinkedHashMap<>();
            Map<String, NDArray> v = new LinkedHashMap<>();
            for (Slice s : slices) {
                NDArray w = dense.parameters().get(s.tensor());
                NDArray mk = masks.zeros(w.getShape());
                NeuronDelta.set(mk, s.axis(), s.indices(), ones(NeuronDelta.sliceShape(w.getShape(), s.axis(), s.indices().length).size()));
                mask.put(s.tensor(), mk);
                m.put(s.tensor(), masks.zeros(w.getShape()));
                v.put(s.tensor(), masks.zeros(w.getShape()));
            }
            sparse.parameters().forEach((k, p) -> p.setRequiresGradient(tensors.contains(k)));
            dense.parameters().forEach((k, p) -> p.setRequiresGradient(tensors.contains(k)));
            for (int t = 1; t <= 3; t++) {
                try (NDManager scope = sparse.manager().newSubManager()) {
                    Map<String, NDArray> grads = backward(sparse, scope, batch, tensors);
                    adam.step(scope, sparse.parameters(), adam.gather(scope, grads), LR, EPS);
                    Gradients.zero(grads.values());
                }
                try (NDManager scope = dense.manager().newSubManager()) {
                    Map<String, NDArray> grads = backward(dense, scope, batch, tensors);
                    for (String k : tensors) {
                        denseMaskedStep(dense.parameters().get(k), grads.get(k), mask.get(k), m.get(k), v.get(k), t, scope);
                    }
                    Gradients.zero(grads.values());
                }
            }
            for (String k : sparse.parameters().keySet()) {
                assertArrayEquals(dense.parameters().get(k).toFloatArray(), sparse.parameters().get(k).toFloatArray(), 1e-6f, k);
            }
        }
    }

    private static float[] ones(long n) {
        float[] a = new float[(int) n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    private static Map<String, NDArray> backward(TrainableModel model, NDManager scope, int[][] batch, Set<String> tensors) {
        Gradients.backward(model, scope, batch, 1);
        return Gradients.of(scope, model.parameters(), tensors);
    }

    /** Plain dense AdamW, gradient and decay multiplied by the 0/1 mask. */
    private static void denseMaskedStep(NDArray w, NDArray g, NDArray mask, NDArray m, NDArray v, int t, NDManager scope) {
        try (NDManager tmp = scope.newSubManager()) {
            tmp.tempAttachAll(g, mask, m, v);
            NDArray gm = g.mul(mask);
            m.muli(B1).addi(gm.mul(1 - B1));
            v.muli(B2).addi(gm.square().mul(1 - B2));
            NDArray update = m.div(1 - Math.pow(B1, t)).div(v.div(1 - Math.pow(B2, t)).sqrt().add(EPS));
            NDArray decay = w.mul(mask).mul(LR * WD);
            w.subi(update.mul(LR).add(decay));
        }
    }
}
