package io.multilens.api.model;

import io.multilens.api.status.ProgressSink;
import java.util.Objects;

/**
 * How a backend loads a checkpoint.
 *
 * @param device   {@code cpu} or {@code cuda:N}
 * @param dtype    the type the weights are kept in ({@link ModelDtype#AUTO} is resolved by the backend)
 * @param memory   how much memory the load may take; the backend refuses a model that does not fit
 * @param progress shows tensors and bytes loaded
 */
public record LoadOptions(String device, ModelDtype dtype, MemoryBudget memory, ProgressSink progress) {

    public LoadOptions {
        device = device == null ? "cpu" : device.trim();
        if (device.isEmpty()) {
            // an empty --set device= must not quietly mean the CPU
            throw new io.multilens.api.status.StepFailure("option 'device' is empty; give cpu or cuda:N (e.g. device: cuda:0)");
        }
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(progress, "progress");
    }

    /** float32 on {@code device}, the machine's real memory, no progress shown. */
    public static LoadOptions of(String device) {
        return of(device, ModelDtype.FLOAT32);
    }

    public static LoadOptions of(String device, ModelDtype dtype) {
        return new LoadOptions(device, dtype, MemoryBudget.system(), ProgressSink.NONE);
    }

    public LoadOptions withMemory(MemoryBudget budget) {
        return new LoadOptions(device, dtype, budget, progress);
    }

    public LoadOptions withProgress(ProgressSink sink) {
        return new LoadOptions(device, dtype, memory, sink);
    }
}
