package io.multilens.workflow;

import java.nio.file.Path;

/**
 * One problem in a workflow file, printed as {@code file:line:column: message}; line 0 means
 * the problem is on the command line (a {@code --set}), not in the file.
 */
public record WorkflowError(Path file, int line, int column, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
