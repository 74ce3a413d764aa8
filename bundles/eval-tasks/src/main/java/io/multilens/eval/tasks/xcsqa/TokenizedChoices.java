package io.multilens.eval.tasks.xcsqa;

import io.multilens.eval.tasks.data.ChoiceQuestion;

/**
 * A question with each option's continuation as tokens (target delimiter and the rendered
 * {@code choice} template, without special tokens: they follow the prompt).
 */
record TokenizedChoices(ChoiceQuestion question, int[][] options) {

    int longest() {
        int n = 0;
        for (int[] o : options) {
            n = Math.max(n, o.length);
        }
        return n;
    }
}
