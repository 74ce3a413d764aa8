package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;

/**
 * Where a forward pass first produces NaN or infinity, for the message of a step whose results are
 * not finite: a NaN weight, or a config value such as a negative {@code rms_norm_eps}, shows in
 * one layer's block first.
 */
public final class NonFinite {

    private NonFinite() {
    }

    /** "layer 3's attention output", "the embeddings or the final norm", ... for one document. */
    public static String locate(LanguageModel model, int[] document, NeuronSet deactivate) {
        String[] first = {null};
        try (NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, new int[][] {document}, Intervention.off(deactivate), new LayerProbe() {
                @Override
                public void attention(int layer, AttentionTrace t) {
                    check(layer, "attention input (after its norm)", t.input());
                    check(layer, "attention output", t.output());
                }

                @Override
                public void mlp(int layer, MlpTrace t) {
                    check(layer, "MLP input (after its norm)", t.input());
                    check(layer, "MLP output", t.output());
                }

                private void check(int layer, String what, NDArray x) {
                    if (first[0] == null && (x.isNaN().any().getBoolean() || x.isInfinite().any().getBoolean())) {
                        first[0] = "layer " + layer + "'s " + what;
                    }
                }
            });
        }
        return first[0] != null ? first[0] : "the final norm or the LM head (every layer's output is finite)";
    }
}
