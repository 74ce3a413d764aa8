package io.multilens.workflow;

import java.nio.file.Path;

/** Where a step input comes from: another step's output, or a file named in the workflow. */
public sealed interface InputRef {

    record StepOutput(String stepId, String output) implements InputRef {

        /** The reference a whole string names, if it is one. */
        public static java.util.Optional<StepOutput> parse(Object value) {
            java.util.regex.Matcher m = Substitution.wholeStepRef(value);
            return m == null ? java.util.Optional.empty() : java.util.Optional.of(new StepOutput(m.group(1), m.group(2)));
        }

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
