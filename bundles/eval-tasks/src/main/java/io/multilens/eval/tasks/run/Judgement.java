package io.multilens.eval.tasks.run;

import java.util.Map;

/** What a task makes of one output: the answer it reads, the gold it compares with, the scores. */
public record Judgement(Object answer, Object gold, Map<String, Double> scores) {
}
