package io.multilens.api.model;

import java.nio.file.Path;
import java.util.Set;

/**
 * Runs one family of architectures. Backends are OSGi services: the model provider picks the one
 * whose {@link #architectures()} holds the checkpoint's {@code config.json} architecture, so a
 * third party adds an architecture by adding a bundle.
 */
public interface ModelBackend {

    /** Hugging Face architecture names, e.g. {@code LlamaForCausalLM}. */
    Set<String> architectures();

    /**
     * Loads a checkpoint folder. Errors (missing tensor, shape mismatch, corrupt file) are
     * {@link io.multilens.api.plugin.StepFailure}s naming the file and tensor.
     *
     * @param device {@code cpu} or {@code cuda:N}
     */
    LanguageModel load(Path modelDir, ModelConfig config, String device);
}
