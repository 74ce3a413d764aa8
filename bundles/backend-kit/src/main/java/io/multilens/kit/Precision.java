package io.multilens.kit;

import ai.djl.Device;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;

/**
 * Which weight types run where. Measured with DJL 0.36 / PyTorch 2.7.1: every bfloat16 tensor
 * operation through DJL's bridge (creating one from a buffer, zeros, toType, and so every op on
 * one) aborts the JVM, and so does an int16 tensor; float16 tensors work. So bfloat16 weights
 * are kept by multilens itself on the host (never handed to the engine) and widened per layer,
 * and on a GPU, where weights must live in the engine, bfloat16 is refused.
 */
public final class Precision {

    private Precision() {
    }

    public static void requireSupported(ModelDtype dtype, Device device, Path configFile) {
        if (dtype == ModelDtype.BFLOAT16 && device.isGpu()) {
            throw new StepFailure(configFile.getParent() + ": dtype bfloat16 is not supported on cuda:" + device.getDeviceId()
                    + " (DJL's PyTorch bridge cannot hold bfloat16 tensors); use dtype float16 or float32 on the GPU");
        }
    }
}
