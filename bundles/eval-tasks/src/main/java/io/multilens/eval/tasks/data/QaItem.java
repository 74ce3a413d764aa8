package io.multilens.eval.tasks.data;

import java.util.List;

/**
 * An extractive question: {@code {title}}, {@code {context}}, {@code {question}} and
 * {@code {answer}} (the first gold answer, shown after few-shot exemplars); every gold answer
 * counts when scoring.
 */
public record QaItem(Example example, List<String> answers) {

    public QaItem {
        answers = List.copyOf(answers);
    }
}
