package io.multilens.workflow;

import java.nio.file.Path;

/** Where a step input comes from: another step's output, or a file named in the workflow. */
public sealed interface InputRef {

    record StepOutput(String stepId, String output) implements InputRef {

        @Override
        public String toString() {
            return "${steps." + stepId + "." + output + "}";
        }
    }

    record File(Path path) implements InputRef {
        @Override
        public String toString() {
            return path.toString();
        }
    }
}
