package io.multilens.api.model;

import io.multilens.api.status.ProgressSink;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** Gives steps their models; loads each checkpoint once per process and shares it. */
@ProviderType
public interface ModelProvider {

    /**
     * The shared model in {@code modelDir} on {@code device} ({@code cpu} or {@code cuda:N}) with
     * its weights in {@code dtype}; do not close it. It stays loaded at least until the calling
     * step ends.
     */
    LanguageModel get(Path modelDir, String device, ModelDtype dtype);

    /**
     * The config of the checkpoint (or of a delta's base) in {@code modelDir}, as its architecture's
     * backend reads it, without loading weights. Providers without backends read the Llama family's fields.
     */
    default ModelConfig config(Path modelDir) {
        return ModelConfig.read(modelDir);
    }

    /** The shared float32 model. */
    default LanguageModel get(Path modelDir, String device) {
        return get(modelDir, device, ModelDtype.FLOAT32);
    }

    /**
     * A private copy of the model that the caller may change (train) and must close. Providers
     * that cannot make one say so.
     */
    default LanguageModel open(Path modelDir, String device, ModelDtype dtype) {
        throw new UnsupportedOperationException("this model provider cannot load private model copies");
    }

    default LanguageModel open(Path modelDir, String device) {
        return open(modelDir, device, ModelDtype.FLOAT32);
    }

    /**
     * A hold on a shared model: the model stays loaded (no cache evicts it) until the hold is
     * closed. Providers without a cache hand out the model and have nothing to release.
     */
    interface Hold extends AutoCloseable {
        LanguageModel model();

        @Override
        void close();
    }

    /** The shared model, held until the hold is closed; loads report to {@code progress}. */
    default Hold acquire(Path modelDir, String device, ModelDtype dtype, ProgressSink progress) {
        LanguageModel model = get(modelDir, device, dtype);
        return new Hold() {
            @Override
            public LanguageModel model() {
                return model;
            }

            @Override
            public void close() {
            }
        };
    }

    /** A fresh checkpoint's layout, from the backend of {@code shape}'s architecture ({@link ModelBackend#layout}). */
    default CheckpointLayout layout(ModelShape shape) {
        throw new UnsupportedOperationException("this model provider has no backends to describe a fresh checkpoint");
    }
}
