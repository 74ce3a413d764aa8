package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.neurons.Intervention;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A model whose parameters can be trained: trainers set {@code requiresGradient} on some of
 * {@link #parameters()}, compute {@link #loss} under a gradient collector and update the arrays
 * in place. Use a private copy ({@link ModelProvider#open}), never the shared one.
 */
@ProviderType
public interface TrainableModel extends LanguageModel {

    /** Every parameter by its Hugging Face tensor name (e.g. {@code model.layers.0.mlp.up_proj.weight}); shared, not copies. */
    Map<String, NDArray> parameters();

    /**
     * Mean cross-entropy (nats) of predicting each token after the first from its prefix, over
     * all predicted tokens of the batch; a scalar in {@code scope}, differentiable with respect to
     * the parameters that require gradients.
     */
    NDArray loss(NDManager scope, int[][] documents, Intervention change);

    /**
     * The parameter entries of some neurons of one group (indices as in neurons.json): for a q/k/v
     * neuron its projection row and bias entry, for o a column of the output projection, for an FFN
     * unit its rows of the up (and gate) projection and its column of the down projection —
     * wherever the architecture stores them (BLOOM: rows of the fused query_key_value matrix).
     */
    java.util.List<NeuronParameters> neuronParameters(io.multilens.api.neurons.NeuronGroup group, int[] neurons);

    /** Writes a Hugging Face checkpoint: {@code config.json}, {@code model.safetensors} (float32), and the tokenizer if any. */
    void save(Path dir) throws IOException;
}
