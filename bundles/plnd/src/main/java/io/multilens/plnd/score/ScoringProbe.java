package io.multilens.plnd.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.AttentionTrace;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.MlpTrace;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.Structure;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Scores each layer as the forward pass reaches it and hands plain Java arrays to a sink. Every
 * array made here lives in a per-callback manager closed before returning, so memory does not
 * grow with the number of batches.
 */
public final class ScoringProbe implements LayerProbe {

    private final ImportanceScorer scorer;
    private final Set<Structure> attention;
    private final boolean ffn;
    private final ScoreSink sink;

    public ScoringProbe(ImportanceScorer scorer, Set<Structure> structures, ScoreSink sink) {
        this.scorer = scorer;
        this.attention = EnumSet.noneOf(Structure.class);
        for (Structure s : structures) {
            if (s.isAttention()) {
                attention.add(s);
            }
        }
        this.ffn = structures.contains(Structure.FFN);
        this.sink = sink;
    }

    @Override
    public void attention(int layer, AttentionTrace trace) {
        if (attention.isEmpty()) {
            return;
        }
        try (NDManager scope = trace.q().getManager().newSubManager(trace.q().getDevice())) {
            Map<Structure, NDArray> scores = scorer.attention(scope, layer, trace, attention);
            for (Map.Entry<Structure, NDArray> e : scores.entrySet()) {
                sink.accept(new NeuronGroup(layer, e.getKey()), Scoped.rows(e.getValue()));
            }
        }
    }

    @Override
    public void mlp(int layer, MlpTrace trace) {
        if (!ffn) {
            return;
        }
        try (NDManager scope = trace.act().getManager().newSubManager(trace.act().getDevice())) {
            NDArray scores = scorer.ffn(scope, layer, trace);
            sink.accept(new NeuronGroup(layer, Structure.FFN), Scoped.rows(scores));
        }
    }
}
