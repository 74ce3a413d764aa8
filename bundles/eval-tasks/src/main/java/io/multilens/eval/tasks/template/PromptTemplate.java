package io.multilens.eval.tasks.template;

import java.util.List;

/**
 * A task's prompt format for one language, as lm-evaluation-harness task files describe it: the
 * text the model sees for an item ({@code prompt}), the answer shown after each few-shot exemplar
 * ({@code target}, after {@code target_delimiter}), exemplars joined by
 * {@code fewshot_separator}, and the strings that end generation ({@code stop}). Multiple-choice
 * tasks add {@code choice}, the continuation scored for each option.
 *
 * @param target null when the file defines none (then only zero-shot works)
 * @param choice null for generation tasks
 */
public record PromptTemplate(String file, String language, TemplateText prompt, TemplateText target,
                             TemplateText choice, String targetDelimiter, String fewshotSeparator,
                             List<String> stop) {

    public PromptTemplate {
        stop = List.copyOf(stop);
    }
}
