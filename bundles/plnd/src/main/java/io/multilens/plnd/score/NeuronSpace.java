package io.multilens.plnd.score;

import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.NeuronGroup;

/**
 * Brings scores to neuron space: one value per row of the structure's own projection, the
 * addresses neurons.json uses. Release-code k and v scores come in query-head space
 * ([nh*hd]); with grouped-query attention a k/v row (g, d) feeds the query heads h of group g,
 * so its score is the sum of theirs (with nh = nkv this is the identity).
 */
public final class NeuronSpace implements ScoreSink {

    private final ModelConfig config;
    private final ScoreSink next;
    private final boolean keepQueryHeads;

    public NeuronSpace(ModelConfig config, ScoreSink next) {
        this(config, next, false);
    }

    /**
     * {@code keepQueryHeads}: pass query-head-space k/v scores on unfolded, to be ranked there and
     * mapped to rows afterwards ({@code kv_index_rule: release-index}, see ReleaseKvRows).
     */
    public NeuronSpace(ModelConfig config, ScoreSink next, boolean keepQueryHeads) {
        this.config = config;
        this.next = next;
        this.keepQueryHeads = keepQueryHeads;
    }

    @Override
    public void accept(NeuronGroup group, float[][] scores) {
        int expected = config.groupSize(group.structure());
        int given = scores.length == 0 ? expected : scores[0].length;
        if (given == expected) {
            next.accept(group, scores);
        } else if (given == config.qDim() && expected == config.kvDim()) {
            next.accept(group, keepQueryHeads ? scores : fold(scores));
        } else {
            throw new IllegalStateException(group + ": " + given + " scores per document, expected " + expected);
        }
    }

    private float[][] fold(float[][] byQueryHead) {
        int hd = config.headDim();
        int group = config.numHeads() / config.numKvHeads();
        float[][] out = new float[byQueryHead.length][config.kvDim()];
        for (int b = 0; b < byQueryHead.length; b++) {
            for (int h = 0; h < config.numHeads(); h++) {
                int kv = h / group;
                for (int d = 0; d < hd; d++) {
                    out[b][kv * hd + d] += byQueryHead[b][h * hd + d];
                }
            }
        }
        return out;
    }
}
