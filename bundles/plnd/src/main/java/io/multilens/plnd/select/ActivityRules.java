package io.multilens.plnd.select;

import io.multilens.api.neurons.Structure;

/**
 * The activity rules per kind of importance: q and k importances are changes of attention
 * probabilities, v and o (and FFN) importances changes of a block's output, so a threshold for one
 * means nothing for the other; {@code qk} is its own rule, by default the attention rule.
 */
public record ActivityRules(ActivityRule attention, ActivityRule qk, ActivityRule ffn) {

    public ActivityRules(ActivityRule attention, ActivityRule ffn) {
        this(attention, attention, ffn);
    }

    public ActivityRule forStructure(Structure structure) {
        return switch (structure) {
            case Q, K -> qk;
            case V, O -> attention;
            case FFN -> ffn;
        };
    }
}
