package io.multilens.eval.tasks.prompt;

import io.multilens.api.status.StepFailure;
import java.util.Arrays;

/**
 * Fits token sequences into the model's context ({@code max_position_embeddings}) the way
 * lm-evaluation-harness does: a prompt that is too long loses tokens at its start, so the
 * question and the place where the answer begins are kept.
 */
public final class ContextWindow {

    private final int length;

    public ContextWindow(int length) {
        this.length = length;
    }

    public int length() {
        return length;
    }

    /** The last tokens of a prompt that leave room for {@code reserved} more (generated or scored) tokens. */
    public int[] fit(int[] prompt, int reserved) {
        int room = length - reserved;
        if (room < 1) {
            throw new StepFailure("the model's context holds " + length + " tokens, leaving no room for a prompt before "
                    + reserved + " more; lower max_new_tokens or shorten the options");
        }
        return prompt.length <= room ? prompt : Arrays.copyOfRange(prompt, prompt.length - room, prompt.length);
    }
}
