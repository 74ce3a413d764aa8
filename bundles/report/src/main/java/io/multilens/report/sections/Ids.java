package io.multilens.report.sections;

import io.multilens.report.html.Html;
import io.multilens.report.run.StepRecord;

/** Element ids: {@code fig-<what>-<step>} and {@code sec-<what>-<step>}, unique within a report. */
final class Ids {

    private Ids() {
    }

    static String figure(String what, StepRecord step) {
        return "fig-" + what + "-" + Html.id(step.id());
    }

    static String section(String what, StepRecord step) {
        return "sec-" + what + "-" + Html.id(step.id());
    }
}
