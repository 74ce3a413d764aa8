package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.neurons.NeuronSet;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A loaded decoder-only transformer. Every call takes a {@code deactivate} set (possibly empty):
 * those neurons are zeroed for that call only, the weights are never changed. Methods that return
 * NDArrays attach them to the caller's {@code scope}; everything else they create is freed before
 * they return.
 */
@ProviderType
public interface LanguageModel extends AutoCloseable {

    ModelConfig config();

    Path directory();

    /** The checkpoint's tokenizer; a {@link io.multilens.api.status.StepFailure} when it has none. */
    TextTokenizer tokenizer();

    /** The manager that owns the weights; scopes for calls are made from it. */
    NDManager manager();

    /** Bytes the loaded weights occupy (for the model cache's budget); -1 when unknown. */
    default long memoryBytes() {
        return -1;
    }

    /** The type the weights are kept in (never {@link ModelDtype#AUTO}). */
    default ModelDtype dtype() {
        return ModelDtype.FLOAT32;
    }

    /**
     * One layer's projection weights in float32. A float32 model hands out its own arrays; a model
     * kept in half precision widens copies into {@code scope}. Either way: read them, never change
     * or close them, and do not use them after {@code scope} is closed.
     */
    LayerWeights weights(NDManager scope, int layer);

    /**
     * Logits for a batch of documents of any lengths (right-padded inside).
     *
     * @return [B, T, V] float32, T the longest document; rows past a document's end are undefined
     */
    NDArray logits(NDManager scope, int[][] documents, NeuronSet deactivate);

    /**
     * The logit lens: residual-stream rows [..., H] through the model's final norm and LM head,
     * [..., V] float32. {@code hidden} must belong to {@code scope}; so does the result. Backends
     * without an LM head throw {@link UnsupportedOperationException}.
     */
    default NDArray lens(NDManager scope, NDArray hidden) {
        throw new UnsupportedOperationException("the model " + directory() + " has no LM head to decode hidden states with");
    }

    /** A forward pass that shows each layer's activations to {@code probe}. */
    void trace(NDManager scope, int[][] documents, NeuronSet deactivate, LayerProbe probe);

    /**
     * For each document, the log-probability of each token after the first given its prefix
     * (length {@code document.length - 1}).
     */
    double[][] tokenLogProbs(int[][] documents, NeuronSet deactivate);

    /**
     * As {@link #tokenLogProbs(int[][], NeuronSet)}, with its own set switched off for each
     * document, so that several conditions share one forward pass. Backends that cannot mask
     * rows differently run one call per distinct set (the same numbers, slower).
     */
    default double[][] tokenLogProbs(int[][] documents, java.util.List<NeuronSet> perDocument) {
        if (perDocument.size() != documents.length) {
            throw new IllegalArgumentException(documents.length + " documents but " + perDocument.size() + " sets");
        }
        double[][] out = new double[documents.length][];
        java.util.Map<NeuronSet, java.util.List<Integer>> rowsBySet = new java.util.LinkedHashMap<>();
        for (int i = 0; i < documents.length; i++) {
            rowsBySet.computeIfAbsent(perDocument.get(i), k -> new java.util.ArrayList<>()).add(i);
        }
        rowsBySet.forEach((set, rows) -> {
            int[][] docs = rows.stream().map(r -> documents[r]).toArray(int[][]::new);
            double[][] lp = tokenLogProbs(docs, set);
            for (int k = 0; k < rows.size(); k++) {
                out[rows.get(k)] = lp[k];
            }
        });
        return out;
    }

    /** Greedy continuations of each prompt, decoded; the KV cache is used. */
    List<String> generate(int[][] prompts, GenerationOptions options, NeuronSet deactivate);

    /**
     * Greedy continuations with {@code set}'s neurons held at their values at every position
     * (steering) and {@code deactivate}'s switched off. Backends that cannot set values throw
     * {@link UnsupportedOperationException} for a non-empty {@code set}.
     */
    default List<String> generate(int[][] prompts, GenerationOptions options, NeuronSet deactivate,
                                  io.multilens.api.neurons.NeuronValues set) {
        if (set == null || set.isEmpty()) {
            return generate(prompts, options, deactivate);
        }
        throw new UnsupportedOperationException("the model backend of " + directory() + " cannot set neuron values");
    }

    /**
     * As {@link #generate(int[][], GenerationOptions, NeuronSet, io.multilens.api.neurons.NeuronValues)},
     * the continuations' token ids (without the prompt, ending before an EOS when options stop at EOS).
     */
    default int[][] generateIds(int[][] prompts, GenerationOptions options, NeuronSet deactivate,
                                io.multilens.api.neurons.NeuronValues set) {
        if (set == null || set.isEmpty()) {
            return generateIds(prompts, options, deactivate, true);
        }
        throw new UnsupportedOperationException("the model backend of " + directory() + " cannot set neuron values");
    }

    /** Greedy continuation token ids (without the prompt); {@code useCache=false} recomputes every step. */
    int[][] generateIds(int[][] prompts, GenerationOptions options, NeuronSet deactivate, boolean useCache);

    @Override
    void close();
}
