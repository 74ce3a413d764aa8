package io.multilens.kit;

import ai.djl.ndarray.NDArray;

/** Activation functions that DJL does not provide in the form checkpoints use. */
public final class Activations {

    private Activations() {
    }

    /**
     * The tanh approximation of GELU (BLOOM's, and Hugging Face's {@code gelu_pytorch_tanh} used by
     * Gemma): x/2 * (1 + tanh(sqrt(2/pi) * x * (1 + 0.044715 x^2))). DJL's gelu is the exact erf form.
     */
    public static NDArray geluTanh(NDArray x) {
        NDArray x2 = x.square();                                             // [...]
        NDArray inner = x2.mul(0.044715f).add(1f);                           // [...]
        NDArray arg = x.mul(inner).mul((float) Math.sqrt(2 / Math.PI));      // [...]
        NDArray gate = arg.tanh().add(1f);                                   // [...]
        return x.mul(gate).mul(0.5f);                                        // [...]
    }
}
