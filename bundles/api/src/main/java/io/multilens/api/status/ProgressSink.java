package io.multilens.api.status;

import org.osgi.annotation.versioning.ConsumerType;

/** Starts progress counters for a long task such as loading a model ({@code StepContext::progress} is one). */
@ConsumerType
@FunctionalInterface
public interface ProgressSink {

    Progress start(String task, long total);

    /** Counts nothing and shows nothing. */
    ProgressSink NONE = (task, total) -> new Progress() {
        @Override
        public void advance(long n) {
        }

        @Override
        public void status(String text) {
        }

        @Override
        public void close() {
        }
    };
}
