package io.multilens.workflow.run;

import java.nio.file.Path;
import java.util.List;

/** The outcome of a workflow run, step by step. */
public record RunReport(String workflow, Path outDir, List<StepOutcome> steps) {

    public boolean failed() {
        return steps.stream().anyMatch(s -> s.status() == StepOutcome.Status.FAILED);
    }

    /** A fixed-width table for the console. */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-24s %-20s %-10s %8s  %s%n", "step", "plugin", "status", "seconds", "result"));
        for (StepOutcome o : steps) {
            String result = o.status() == StepOutcome.Status.FAILED || o.status() == StepOutcome.Status.NOT_RUN
                    ? o.message() : String.valueOf(o.outputDir());
            s.append(String.format("%-24s %-20s %-10s %8.1f  %s%n", o.id(), o.plugin(),
                    o.status().name().toLowerCase().replace('_', '-'), o.seconds(), result));
        }
        return s.toString();
    }
}
