package io.multilens.train;

import io.multilens.api.model.FreshCheckpoint;
import io.multilens.api.model.ByteTokenizerJson;
import io.multilens.api.model.CheckpointLayout;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A freshly initialised checkpoint, laid out by its architecture's backend: weights drawn from
 * N(0, 0.02²) in the layout's order as Llama's and BLOOM's initialisers do, norm gains and biases
 * as the backend says, plus the byte-level tokenizer.
 */
public final class RandomCheckpoint {

    private static final double STD = 0.02;

    private RandomCheckpoint() {
    }

    public static void write(Path dir, CheckpointLayout layout, long seed) throws IOException {
        FreshCheckpoint.write(dir, layout, "F32", FreshCheckpoint.gaussian(seed, STD), FreshCheckpoint.SHARD_BYTES);
        ByteTokenizerJson.write(dir.resolve("tokenizer.json"));
    }
}
