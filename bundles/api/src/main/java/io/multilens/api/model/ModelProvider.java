package io.multilens.api.model;

import java.nio.file.Path;

/** Gives steps their models; loads each checkpoint once per process and shares it. */
public interface ModelProvider {

    /** The shared model in {@code modelDir} on {@code device} ({@code cpu} or {@code cuda:N}); do not close it. */
    LanguageModel get(Path modelDir, String device);

    /**
     * A private copy of the model that the caller may change (train) and must close. Providers
     * that cannot make one say so.
     */
    default LanguageModel open(Path modelDir, String device) {
        throw new UnsupportedOperationException("this model provider cannot load private model copies");
    }
}
