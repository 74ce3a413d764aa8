package io.multilens.steer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.ContentTokens;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import java.util.ArrayList;
import java.util.List;

/**
 * A probe that sums something over the content tokens of documents (BOS/EOS and padding
 * excluded), batch by batch: the steering means (FFN activations, the residual stream) read the
 * same lines this way.
 */
abstract class ContentProbe implements LayerProbe {

    /** Lines per forward pass, and tokens per line, of the mean texts. */
    private static final int BATCH = 8;
    private static final int MAX_TOKENS = 256;

    private NDManager scope;
    private float[] content;
    private int batch;
    private int length;
    private long tokens;

    /** Runs every line through the model, this probe watching; lines that tokenize to nothing are skipped. */
    final void read(LanguageModel model, List<String> lines, ContentTokens contentTokens) {
        for (int start = 0; start < lines.size(); start += BATCH) {
            List<int[]> docs = new ArrayList<>();
            for (String l : lines.subList(start, Math.min(lines.size(), start + BATCH))) {
                int[] ids = model.tokenizer().encode(l, MAX_TOKENS);
                if (ids.length > 0) {
                    docs.add(ids);
                }
            }
            if (docs.isEmpty()) {
                continue;
            }
            try (NDManager s = model.manager().newSubManager()) {
                prepare(s, contentTokens.mask(docs));
                model.trace(s, docs.toArray(new int[0][]), Intervention.NONE, this);
            }
        }
    }

    /** Which [B][T] positions of the next batch count. */
    private void prepare(NDManager scope, boolean[][] content) {
        this.scope = scope;
        this.batch = content.length;
        this.length = content[0].length;
        this.content = new float[batch * length];
        for (int r = 0; r < batch; r++) {
            for (int t = 0; t < length; t++) {
                this.content[r * length + t] = content[r][t] ? 1f : 0f;
                tokens += content[r][t] ? 1 : 0;
            }
        }
    }

    /** {@code x} [B, T, N] summed over the batch's content positions: [N]. */
    final float[] contentSum(NDArray x) {
        try (NDManager s = scope.newSubManager()) {
            NDArray copy = x.duplicate();                                    // [B,T,N]
            copy.attach(s);
            NDArray mask = s.create(content, new Shape(batch, length, 1));   // [B,T,1]
            return copy.mul(mask).sum(new int[] {0, 1}).toFloatArray();      // [N]
        }
    }

    /** Content tokens seen so far. */
    final long tokens() {
        return tokens;
    }
}
