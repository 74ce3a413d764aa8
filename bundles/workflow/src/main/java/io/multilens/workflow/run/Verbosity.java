package io.multilens.workflow.run;

/**
 * How much of a run the console shows; {@code OUT/logs/run.log} always gets everything.
 * QUIET: the steps' start, end and failure lines and the summary; NORMAL: also progress and
 * the plugins' own lines; VERBOSE: also the full stack trace of a failure.
 */
public enum Verbosity {
    QUIET, NORMAL, VERBOSE;

    public static Verbosity of(String name) {
        return name == null ? NORMAL : valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
