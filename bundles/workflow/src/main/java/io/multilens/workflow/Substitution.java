package io.multilens.workflow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two reference forms of a workflow: {@code ${params.NAME}} and {@code ${steps.ID.OUTPUT}}. */
final class Substitution {

    static final Pattern PARAM = Pattern.compile("\\$\\{params\\.([A-Za-z0-9_.-]+)}");
    static final Pattern STEP = Pattern.compile("\\$\\{steps\\.([A-Za-z0-9_-][A-Za-z0-9_.-]*?)\\.([A-Za-z0-9_-]+)}");
    static final Pattern ANY = Pattern.compile("\\$\\{[^}]*}");
    /** A step reference, optionally followed by a path inside that output ({@code ${steps.roman.corpus}/{lang}.txt}). */
    private static final Pattern STEP_AND_BELOW = Pattern.compile(STEP.pattern() + "(/[^$]*)?");

    private Substitution() {
    }

    /**
     * The step reference when the whole value is one, possibly with a path inside the output after
     * it (group 3, null when none), else null.
     */
    static Matcher wholeStepRef(Object value) {
        if (value instanceof String s) {
            Matcher m = STEP_AND_BELOW.matcher(s.trim());
            if (m.matches()) {
                return m;
            }
        }
        return null;
    }

    static boolean mentionsSteps(String s) {
        return s.contains("${steps.");
    }
}
