package io.multilens.eval.tasks.run;

import java.util.Map;

/**
 * One line of {@code predictions/<condition>/<lang>.jsonl}.
 *
 * @param output the model's raw output (generated text; for multiple choice each option's score)
 * @param answer what the task read from the output (a number, an answer span, a choice)
 * @param scores per metric, the item's score, from which the reported means are computed
 */
public record Prediction(String id, String prompt, Object output, Object answer, Object gold,
                         Map<String, Double> scores, boolean truncated) {
}
