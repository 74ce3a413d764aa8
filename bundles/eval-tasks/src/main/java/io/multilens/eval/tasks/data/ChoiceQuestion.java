package io.multilens.eval.tasks.data;

import java.util.List;

/**
 * A multiple-choice question: {@code {question}}, {@code {choices}} (every option as
 * {@code A. text} lines), {@code {answer}} and {@code {answer_label}}; each option an example with
 * {@code {label}} and {@code {text}}.
 *
 * @param answer the index of the correct option
 */
public record ChoiceQuestion(Example example, List<Example> options, int answer) {

    public ChoiceQuestion {
        options = List.copyOf(options);
    }
}
