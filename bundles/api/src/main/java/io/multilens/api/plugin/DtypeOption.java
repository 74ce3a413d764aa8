package io.multilens.api.plugin;

import io.multilens.api.model.ModelDtype;

/** The {@code dtype} option every plugin that loads a model offers next to {@code device}. */
public final class DtypeOption {

    public static final String NAME = "dtype";
    public static final String DESCRIPTION = "weights kept in float32, float16 or bfloat16 (auto: the checkpoint's"
            + " torch_dtype); computation and reductions stay float32";

    private DtypeOption() {
    }

    /** The option's spec, default float32. */
    public static OptionSpec spec() {
        return OptionSpec.choice(NAME, ModelDtype.FLOAT32.label(), DESCRIPTION,
                ModelDtype.labels().toArray(String[]::new));
    }

    /** The validated {@code dtype} option of a step. */
    public static ModelDtype of(Options options) {
        return ModelDtype.parse(options.string(NAME));
    }
}
