package io.multilens.workflow.run;

import java.nio.file.Path;

/** What happened to one step of a run. */
public record StepOutcome(String id, String plugin, Status status, double seconds, String message, Path outputDir) {

    public enum Status {
        RAN, UP_TO_DATE, FAILED, NOT_RUN
    }
}
