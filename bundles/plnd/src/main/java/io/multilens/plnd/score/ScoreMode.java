package io.multilens.plnd.score;

import io.multilens.api.neurons.Structure;
import java.util.EnumSet;
import java.util.Set;

/** Which importance definition to compute (see testdata/fixtures/README.md). */
public enum ScoreMode {
    /** The paper's: the norm of the sub-block output change when one neuron is zeroed. */
    PAPER("paper", EnumSet.allOf(Structure.class)),
    /** What the authors' released code computes; it never scores o_proj columns. */
    RELEASE_CODE("release-code", EnumSet.of(Structure.Q, Structure.K, Structure.V, Structure.FFN));

    private final String key;
    private final Set<Structure> structures;

    ScoreMode(String key, Set<Structure> structures) {
        this.key = key;
        this.structures = structures;
    }

    public String key() {
        return key;
    }

    /** The structures this mode defines a score for. */
    public Set<Structure> structures() {
        return EnumSet.copyOf(structures);
    }

    public ImportanceScorer scorer(WeightStats weights, int qkChunk) {
        return scorer(weights, qkChunk, QkKernel.AUTO);
    }

    public ImportanceScorer scorer(WeightStats weights, int qkChunk, QkKernel kernel) {
        return switch (this) {
            case PAPER -> new PaperScorer(weights, qkChunk, kernel);
            case RELEASE_CODE -> new ReleaseCodeScorer(qkChunk, kernel);
        };
    }

    public static ScoreMode fromKey(String key) {
        for (ScoreMode m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + key + "': expected paper or release-code");
    }
}
