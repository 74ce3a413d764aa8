package io.multilens.api.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.neurons.Intervention;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A loaded decoder-only transformer. Every computation takes an {@link Intervention} (possibly
 * {@link Intervention#NONE}): neurons switched off or held at values for that call only; the
 * weights are never changed. Methods that return
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
     * Logits for a batch of documents of any lengths (right-padded inside), under {@code change}.
     *
     * @return [B, T, V] float32, T the longest document; rows past a document's end are undefined
     */
    NDArray logits(NDManager scope, int[][] documents, Intervention change);

    /**
     * The logit lens: residual-stream rows [..., H] through the model's final norm and LM head,
     * [..., V] float32. {@code hidden} must belong to {@code scope}; so does the result. Backends
     * without an LM head throw {@link UnsupportedOperationException}.
     */
    default NDArray lens(NDManager scope, NDArray hidden) {
        throw new UnsupportedOperationException("the model " + directory() + " has no LM head to decode hidden states with");
    }

    /**
     * The logit lens with or without the final norm: {@code finalNorm} false applies the LM head
     * alone (no norm, and nothing the architecture does after the head), as the paper's Fig. 1
     * decodes intermediate layers.
     */
    default NDArray lens(NDManager scope, NDArray hidden, boolean finalNorm) {
        if (finalNorm) {
            return lens(scope, hidden);
        }
        throw new UnsupportedOperationException("the model backend of " + directory() + " cannot apply its LM head alone");
    }

    /** A forward pass under {@code change} that shows each layer's activations to {@code probe}. */
    void trace(NDManager scope, int[][] documents, Intervention change, LayerProbe probe);

    /**
     * For each document, the log-probability of each token after the first given its prefix
     * (length {@code document.length - 1}), under {@code change}.
     */
    double[][] tokenLogProbs(int[][] documents, Intervention change);

    /**
     * As {@link #tokenLogProbs(int[][], Intervention)}, each document under its own change, so
     * that several conditions share one forward pass. Backends that cannot change rows
     * differently run one call per distinct change (the same numbers, slower).
     */
    default double[][] tokenLogProbs(int[][] documents, List<Intervention> perDocument) {
        double[][] out = new double[documents.length][];
        rowsByChange(documents.length, perDocument).forEach((change, rows) -> {
            int[][] docs = rows.stream().map(r -> documents[r]).toArray(int[][]::new);
            double[][] lp = tokenLogProbs(docs, change);
            for (int k = 0; k < rows.size(); k++) {
                out[rows.get(k)] = lp[k];
            }
        });
        return out;
    }

    /**
     * Greedy continuations of each prompt under {@code change}, decoded. Backends that cannot
     * hold neurons at values throw {@link UnsupportedOperationException} for such a change.
     */
    List<String> generate(int[][] prompts, GenerationOptions options, Intervention change);

    /**
     * As {@link #generate(int[][], GenerationOptions, Intervention)}, each prompt under its own
     * change, so that several conditions share one batch: decoding reads every weight once per
     * step whatever the batch, so conditions in one batch cost little more than one. Backends that
     * cannot change rows differently run one call per distinct change (the same texts, slower).
     */
    default List<String> generate(int[][] prompts, GenerationOptions options, List<Intervention> perPrompt) {
        String[] out = new String[prompts.length];
        rowsByChange(prompts.length, perPrompt).forEach((change, rows) -> {
            List<String> texts = generate(rows.stream().map(r -> prompts[r]).toArray(int[][]::new), options, change);
            for (int k = 0; k < rows.size(); k++) {
                out[rows.get(k)] = texts.get(k);
            }
        });
        return List.of(out);
    }

    /**
     * As {@link #generate}, the continuations' token ids (without the prompt, ending before an EOS
     * when options stop at EOS).
     */
    int[][] generateIds(int[][] prompts, GenerationOptions options, Intervention change);

    /** As {@link #generate(int[][], GenerationOptions, List)}, the continuations' token ids. */
    default int[][] generateIds(int[][] prompts, GenerationOptions options, List<Intervention> perPrompt) {
        int[][] out = new int[prompts.length][];
        rowsByChange(prompts.length, perPrompt).forEach((change, rows) -> {
            int[][] ids = generateIds(rows.stream().map(r -> prompts[r]).toArray(int[][]::new), options, change);
            for (int k = 0; k < rows.size(); k++) {
                out[rows.get(k)] = ids[k];
            }
        });
        return out;
    }

    /** The rows of each distinct change, in first-seen order: what a backend without per-row changes runs one call per. */
    private static java.util.Map<Intervention, List<Integer>> rowsByChange(int rows, List<Intervention> perRow) {
        if (perRow.size() != rows) {
            throw new IllegalArgumentException(rows + " rows but " + perRow.size() + " changes");
        }
        java.util.Map<Intervention, List<Integer>> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rows; i++) {
            out.computeIfAbsent(perRow.get(i), k -> new java.util.ArrayList<>()).add(i);
        }
        return out;
    }

    @Override
    void close();
}
