package io.multilens.eval.tasks.xcsqa;

import io.multilens.eval.tasks.data.ChoiceQuestion;

/**
 * A question with each option's continuation as text (target delimiter and the rendered
 * {@code choice} template) and as tokens on its own (without special tokens), which size the
 * context window; the scorer tokenizes each option together with its prompt, as lm-eval does.
 * {@code choices} are the rendered options without the delimiter: what {@code acc_norm} divides by.
 */
record TokenizedChoices(ChoiceQuestion question, String[] texts, String[] choices, int[][] options) {

    int longest() {
        int n = 0;
        for (int[] o : options) {
            n = Math.max(n, o.length);
        }
        return n;
    }
}
