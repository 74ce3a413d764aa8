package io.multilens.eval.tasks.template;

import io.multilens.api.status.StepFailure;
import io.multilens.eval.tasks.data.Example;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a resolved template against real items before anything is evaluated, so that a slip in
 * a template file fails in a second with its place instead of silently scoring garbage:
 * <ul>
 *   <li>every {@code {field}} it names exists in the items;</li>
 *   <li>the prompt never shows a gold field;</li>
 *   <li>the prompt rendered for a real item contains that item's own text for every required
 *       field (a template that writes the word {@code text} where it meant {@code {text}} renders
 *       the word, not the article, and fails here).</li>
 * </ul>
 */
public final class TemplateCheck {

    private TemplateCheck() {
    }

    /**
     * @param sample    the first item to evaluate
     * @param exemplars the few-shot exemplars that will be used (empty for zero-shot)
     */
    public static void check(PromptTemplate t, FieldRules rules, Example sample, List<Example> exemplars) {
        TemplateText prompt = t.prompt();
        for (String f : prompt.fields()) {
            if (rules.gold().contains(f)) {
                throw new StepFailure(prompt.place() + " names {" + f + "}, which holds the gold answer: the model would"
                        + " see it; use it only in 'target'");
            }
        }
        checkFields(prompt, sample);
        String rendered = prompt.render(sample);
        for (String f : rules.required()) {
            String value = sample.field(f);
            if (!value.isEmpty() && !rendered.contains(value)) {
                throw new StepFailure(missing(prompt, f, sample));
            }
        }
        if (!exemplars.isEmpty()) {
            if (t.target() == null) {
                throw new StepFailure(t.file() + ": few-shot prompts need a 'target' (the answer shown after each"
                        + " exemplar) for language '" + t.language() + "'; add it or set num_fewshot: 0");
            }
            Example first = exemplars.get(0);
            checkFields(prompt, first);
            checkFields(t.target(), first);
            containsOwnText(t.target(), first);
        }
        containsOwnText(prompt, sample);
    }

    /** A multiple-choice option template: it names option fields only, and at least one of them. */
    public static void checkChoice(TemplateText choice, Example option) {
        if (choice.fields().isEmpty()) {
            throw new StepFailure(choice.place() + " names no field such as {text}: every option would be scored as the"
                    + " same text");
        }
        checkFields(choice, option);
        containsOwnText(choice, option);
    }

    private static void checkFields(TemplateText t, Example item) {
        for (String f : t.fields()) {
            if (!item.fields().containsKey(f)) {
                throw new StepFailure(t.place() + " names {" + f + "}, which the items do not have (item '" + item.id()
                        + "' at " + item.where() + " has " + item.fields().keySet() + ")");
            }
        }
    }

    /** Every field the text uses shows up, verbatim, in the text rendered for {@code item}. */
    private static void containsOwnText(TemplateText t, Example item) {
        String rendered = t.render(item);
        for (String f : t.fields()) {
            String value = item.field(f);
            if (!rendered.contains(value)) {
                throw new StepFailure(t.place() + ": rendered for item '" + item.id() + "' it does not contain the item's "
                        + f + "; check the quoting of {" + f + "}");
            }
        }
    }

    private static String missing(TemplateText prompt, String field, Example sample) {
        boolean literal = Pattern.compile("(?<![\\p{L}{])" + Pattern.quote(field) + "(?![\\p{L}}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(prompt.text()).find();
        String shown = literal
                ? " it renders the literal word '" + field + "' instead of the item's " + field + ": write {" + field + "}"
                : " it does not contain the item's " + field + ": add {" + field + "}";
        return prompt.place() + ": rendered for item '" + sample.id() + "' (" + sample.where() + ")" + shown
                + (prompt.text().contains("{{" + field + "}}") ? " (not {{" + field + "}}, which is a literal brace)" : "");
    }
}
