package io.multilens.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;

/**
 * Sees the residual stream of one batch at every depth: decodes it through the model's final norm
 * and LM head (the logit lens; or the head alone, {@code lens: no-norm}, as the paper's Fig. 1),
 * classifies each content position's top {@code classifyTop} tokens (each counts once), sums the
 * top-k probability mass on reference and own tokens, and mean-pools the raw hidden state over the
 * document's content tokens (no final norm) for the similarity.
 */
final class LensProbe implements LayerProbe {

    private final LanguageModel model;
    private final NDManager scope;
    private final TokenLanguages classes;
    private final int own;
    private final int reference;
    private final int topK;
    private final int classifyTop;
    private final boolean finalNorm;
    private final boolean[][] content;   // [B][T] real tokens that are not special
    private final LanguageLayers tally;
    /** [B][depth][H] pooled hidden states */
    final double[][][] pooled;

    LensProbe(LanguageModel model, NDManager scope, TokenLanguages classes, int own, int reference, int topK,
              int classifyTop, boolean finalNorm, boolean[][] content, int depths, LanguageLayers tally) {
        this.classifyTop = classifyTop;
        this.finalNorm = finalNorm;
        this.model = model;
        this.scope = scope;
        this.classes = classes;
        this.own = own;
        this.reference = reference;
        this.topK = topK;
        this.content = content;
        this.tally = tally;
        this.pooled = new double[content.length][depths][];
    }

    @Override
    public void residual(int depth, NDArray hidden, NDArray valid) {
        int b = content.length;
        int t = content[0].length;
        int h = Math.toIntExact(hidden.getShape().get(2));
        try (NDManager s = scope.newSubManager()) {
            NDArray x = hidden.duplicate();                          // [B,T,H]
            x.attach(s);
            float[] weights = new float[b * t];
            for (int r = 0; r < b; r++) {
                for (int i = 0; i < t; i++) {
                    weights[r * t + i] = content[r][i] ? 1f : 0f;
                }
            }
            NDArray mask = s.create(weights, new Shape(b, t, 1));    // [B,T,1]
            NDArray kept = x.mul(mask);                              // [B,T,H]
            float[] sums = kept.sum(new int[] {1}).toFloatArray();   // [B,H]
            for (int r = 0; r < b; r++) {
                int n = count(content[r]);
                double[] mean = new double[h];
                for (int j = 0; j < h; j++) {
                    mean[j] = n == 0 ? 0 : sums[r * h + j] / (double) n;
                }
                pooled[r][depth] = mean;
            }
            NDArray logits = model.lens(s, x, finalNorm);            // [B,T,V]
            NDArray probs = logits.softmax(2);                       // [B,T,V]
            int k = (int) Math.min(Math.max(topK, classifyTop), probs.getShape().get(2));
            int classified = Math.min(classifyTop, k);
            NDList top = probs.topK(k, 2);                           // values, indices: [B,T,k]
            float[] values = top.get(0).toFloatArray();
            long[] ids = top.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
            for (int r = 0; r < b; r++) {
                for (int i = 0; i < t; i++) {
                    if (!content[r][i]) {
                        continue;
                    }
                    int base = (r * t + i) * k;
                    for (int j = 0; j < classified; j++) {
                        tally.decoded[depth][LensClass.of(classes.mask((int) ids[base + j]), own, reference).ordinal()]++;
                    }
                    for (int j = 0; j < Math.min(topK, k); j++) {
                        LensClass c = LensClass.of(classes.mask((int) ids[base + j]), own, reference);
                        if (c == LensClass.REFERENCE) {
                            tally.massReference[depth] += values[base + j];
                        } else if (c == LensClass.OWN) {
                            tally.massOwn[depth] += values[base + j];
                        }
                    }
                }
            }
        }
    }

    static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
