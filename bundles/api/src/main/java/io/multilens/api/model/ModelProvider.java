package io.multilens.api.model;

import java.nio.file.Path;

/** Gives steps their models; loads each checkpoint once per process and shares it. */
public interface ModelProvider {

    /** The model in {@code modelDir} on {@code device} ({@code cpu} or {@code cuda:N}). */
    LanguageModel get(Path modelDir, String device);
}
