package io.multilens.api.model;

import java.nio.file.Path;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs one family of architectures. Backends are OSGi services: the model provider picks the one
 * whose {@link #architectures()} holds the checkpoint's {@code config.json} architecture (read
 * with {@link ModelConfig#architecture(Path)} before anything else), so a third party adds an
 * architecture by adding a bundle.
 */
@ProviderType
public interface ModelBackend {

    /** Hugging Face architecture names, e.g. {@code LlamaForCausalLM}. */
    Set<String> architectures();

    /**
     * The checkpoint's config.json in multilens's names, read with the backend's own field names,
     * without loading any weight (steps that only need the shape, such as ablate, use this).
     */
    ModelConfig config(Path modelDir);

    /**
     * Loads a checkpoint folder: reads its config with the backend's own field names, estimates
     * the memory the model takes in the requested dtype and refuses one that does not fit, then
     * loads tensor by tensor. Errors (missing tensor, shape mismatch, corrupt file, unsupported
     * config value) are {@link io.multilens.api.status.StepFailure}s naming the file and field.
     */
    LanguageModel load(Path modelDir, LoadOptions options);

    /**
     * What a checkpoint of {@code shape} (one of {@link #architectures()}) holds, as this backend
     * names it: config.json and every tensor with its initial values. Training from scratch,
     * tests and benchmarks write fresh checkpoints from it, so only the backend knows its names.
     * A shape the architecture cannot have is a {@link io.multilens.api.status.StepFailure}.
     */
    default CheckpointLayout layout(ModelShape shape) {
        throw new io.multilens.api.status.StepFailure("the backend of " + shape.architecture()
                + " cannot describe a fresh checkpoint");
    }
}
