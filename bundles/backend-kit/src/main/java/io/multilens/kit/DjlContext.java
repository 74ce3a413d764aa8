package io.multilens.kit;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import io.multilens.api.status.StepFailure;
import java.util.function.Supplier;

/**
 * Runs DJL calls with the thread context class loader set to DJL's own. DJL finds its engine
 * through the context class loader; inside OSGi that is the calling bundle's loader, which cannot
 * see the engine, and a failed first engine lookup stays failed for the whole JVM.
 */
public final class DjlContext {

    private DjlContext() {
    }

    public static <T> T call(Supplier<T> body) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Engine.class.getClassLoader());
        try {
            return body.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /** PyTorch when present (the backends are written and tested against it), else DJL's default engine. */
    public static Engine engine() {
        try {
            return Engine.hasEngine("PyTorch") ? Engine.getEngine("PyTorch") : Engine.getInstance();
        } catch (EngineException e) {
            throw new StepFailure("no DJL engine (" + e.getMessage() + "); put ai.djl.pytorch:pytorch-engine and its"
                    + " native library on the launcher's class path", e);
        }
    }
}
