package io.multilens.plnd.select;

import io.multilens.api.neurons.Structure;

/** The activity rule for attention groups (q, k, v, o) and the one for FFN groups, chosen separately. */
public record ActivityRules(ActivityRule attention, ActivityRule ffn) {

    public ActivityRule forStructure(Structure structure) {
        return structure.isAttention() ? attention : ffn;
    }
}
