package io.multilens.eval.tasks.run;

import io.multilens.eval.tasks.data.Example;

/**
 * An item ready for the model: its full prompt text and tokens (the same under every condition).
 *
 * @param truncated true when the prompt lost tokens at its start to fit the model's context
 */
public record PromptedItem<T>(T item, Example example, String prompt, int[] tokens, boolean truncated) {
}
