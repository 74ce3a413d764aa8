package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LayerWeights;
import io.multilens.api.model.ModelDtype;
import java.util.Map;

/** A loaded decoder's parameters as a backend stores them: what {@link StoredDecoderModel} needs of them. */
public interface DecoderWeights {

    /** Bytes of every stored tensor (a tied head counted once). */
    long bytes();

    /** The type the matrices are kept in. */
    ModelDtype dtype();

    /** One layer's projections in float32 for one use: copies in {@code scope} unless stored in float32. */
    LayerWeights widen(NDManager scope, int layer);

    /** Every parameter by its Hugging Face name, the arrays themselves (float32 models only). */
    Map<String, NDArray> byName();
}
