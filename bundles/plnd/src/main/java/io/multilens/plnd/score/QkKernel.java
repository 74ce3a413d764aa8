package io.multilens.plnd.score;

/** How the q/k probability changes are computed: the same values either way, to float rounding. */
public enum QkKernel {
    /**
     * A fused loop over each attention row with the JDK's vector API ({@link VectorSweep}) where the
     * JVM has {@code jdk.incubator.vector} and the model's attention allows it (no score transform
     * such as Gemma-2's soft cap; query/key transforms made of at most two scaled permutations, as
     * rotary embeddings are); PyTorch operations elsewhere.
     */
    AUTO("auto"),
    /** PyTorch operations always ({@link ProbabilityChange}'s blocked sweep). */
    TORCH("torch");

    /**
     * Whether this JVM can run the vector kernel: started with {@code --add-modules jdk.incubator.vector},
     * on a CPU with 256-bit vectors (AVX2; narrower ones run the API's loops in plain Java).
     */
    public static final boolean VECTOR_AVAILABLE = vectorApi();

    private final String key;

    QkKernel(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Whether q/k scores of this kernel setting use the vector loop where a model allows it. */
    public boolean vectorized() {
        return this == AUTO && VECTOR_AVAILABLE;
    }

    public static QkKernel fromKey(String key) {
        for (QkKernel k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown qk_kernel '" + key + "': expected auto or torch");
    }

    private static boolean vectorApi() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector", false, QkKernel.class.getClassLoader());
            return VectorSweep.fitsHardware();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
