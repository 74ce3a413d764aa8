package io.multilens.eval.tasks.data;

import java.math.BigDecimal;

/** An MGSM problem: {@code {question}} and {@code {answer}} (as written in the file) and the answer's value. */
public record MathProblem(Example example, BigDecimal answer) {
}
