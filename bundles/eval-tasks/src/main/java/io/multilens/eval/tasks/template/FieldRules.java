package io.multilens.eval.tasks.template;

import java.util.Set;

/**
 * What a task demands of its templates.
 *
 * @param required fields every prompt must show the model (an XL-Sum prompt without the article
 *                 cannot be summarised)
 * @param gold     fields that hold the answer: only exemplar targets may show them, never the prompt
 */
public record FieldRules(Set<String> required, Set<String> gold) {

    public FieldRules {
        required = Set.copyOf(required);
        gold = Set.copyOf(gold);
    }
}
