package io.multilens.kit;

import io.multilens.api.model.MemoryBudget;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What loading and running a checkpoint takes in host memory, from config.json and the
 * safetensors headers alone: the stored weights, plus what a forward pass and the load need on
 * top — one layer's float32 matrices and one block of the LM head when weights are 16-bit, a
 * second copy of a float32 tensor over 2 GiB (read in blocks and concatenated), an allowance for
 * activations — and the JVM and engine themselves: the peak resident memory of a forward pass and
 * PLND at a few hundred tokens a pass, which benchmarks/real-size.sh prints beside the measured
 * peak (issue 25: within 15%). Passes of thousands of tokens need more (eval.perplexity's logits:
 * 8 bytes per token and vocabulary entry, bounded by its batch_tokens).
 *
 * @param weights bytes of the stored weights
 * @param working bytes a forward pass, the load and the runtime need on top
 */
public record MemoryEstimate(long weights, long working) {

    /** Activations of a forward pass at the batch sizes multilens uses. */
    public static final long ACTIVATIONS = 512L << 20;
    /** The LM head is widened this many elements at a time when it is 16-bit. */
    public static final long LM_HEAD_BLOCK_ELEMENTS = 1L << 26;
    /**
     * The JVM's heap in use and the engine's libraries and buffers before any weight: 214 MiB
     * resident after loading the Llama-3.2-1B shape less its weights (AMD EPYC Zen 4).
     */
    public static final long RUNTIME = 256L << 20;

    public long total() {
        return weights + working;
    }

    /** What the load prints before it allocates anything, e.g. {@code peak memory estimate 14429 MiB (weights 12853 + working 1576)}. */
    public String summary() {
        return String.format(Locale.ROOT, "peak memory estimate %d MiB (weights %d + working %d)", total() >> 20, weights >> 20,
                working >> 20);
    }

    public static MemoryEstimate of(LoadJobs jobs, ModelDtype dtype, ModelConfig c, int threads) {
        long weights = jobs.storedBytes(dtype);
        long working;
        if (dtype == ModelDtype.FLOAT32) {
            // decoded in place, through one read buffer per thread; a tensor over 2 GiB is read in
            // blocks and concatenated, so for a moment it is there twice
            long largest = jobs.all().stream().mapToLong(j -> j.elements() * 4).max().orElse(0);
            long buffers = Math.max(1, threads) * (long) io.multilens.api.data.SafetensorsFile.READ_CHUNK_ELEMENTS * 4;
            working = largest > Integer.MAX_VALUE ? largest : buffers;
        } else {
            long h = c.hiddenSize();
            long layer = 4L * (2L * c.qDim() * h + 2L * c.kvDim() * h + 3L * c.intermediateSize() * h);
            working = layer + 4L * Math.min(LM_HEAD_BLOCK_ELEMENTS, (long) c.vocabSize() * h);
        }
        return new MemoryEstimate(weights, working + ACTIVATIONS + RUNTIME);
    }

    /** The estimate; refuses, with the numbers and the dtypes that would fit, a model the budget cannot hold. */
    public static MemoryEstimate check(Path dir, LoadJobs jobs, ModelDtype dtype, ModelConfig c, int threads, MemoryBudget budget) {
        long available = budget.availableBytes();
        MemoryEstimate need = of(jobs, dtype, c, threads);
        if (available < 0 || need.total() <= available) {
            return need;
        }
        List<String> fits = new ArrayList<>();
        for (ModelDtype other : List.of(ModelDtype.FLOAT32, ModelDtype.BFLOAT16, ModelDtype.FLOAT16)) {
            MemoryEstimate e = of(jobs, other, c, threads);
            if (other != dtype && e.total() <= available) {
                fits.add(other.label() + " (" + MemoryBudget.format(e.total()) + ")");
            }
        }
        throw new StepFailure(String.format(Locale.ROOT, "%s: the model needs about %s in %s (weights %s + working %s)"
                        + " but only %s of memory is available; %s", dir, MemoryBudget.format(need.total()), dtype.label(),
                MemoryBudget.format(need.weights()), MemoryBudget.format(need.working()), MemoryBudget.format(available),
                fits.isEmpty() ? "no dtype fits: use a host with more memory or a smaller model"
                        : "load it with dtype " + String.join(" or ", fits)));
    }
}
