package io.multilens.workflow;

import java.nio.file.Path;

/** Where a step input comes from: another step's output, or a file named in the workflow. */
public sealed interface InputRef {

    /**
     * Another step's output; {@code below} is a path inside it ({@code /{lang}.txt} of
     * {@code ${steps.roman.corpus}/{lang}.txt}), empty for the output itself.
     */
    record StepOutput(String stepId, String output, String below) implements InputRef {

        public StepOutput {
            below = below == null ? "" : below;
        }

        public StepOutput(String stepId, String output) {
            this(stepId, output, "");
        }

        @Override
        public String toString() {
            return "${steps." + stepId + "." + output + "}" + below;
        }
    }

    record File(Path path) implements InputRef {
        @Override
        public String toString() {
            return path.toString();
        }
    }
}
