package io.multilens.api.status;

/**
 * A failure the user can fix: the runtime prints its message as one line, without a stack trace.
 * The message names the file, the place and the fix.
 */
public class StepFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StepFailure(String message) {
        super(message);
    }

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
