package io.multilens.api.status;

import org.osgi.annotation.versioning.ProviderType;

/** A long task's progress; the runtime prints rate and time left. Close it when the task ends. */
@ProviderType
public interface Progress extends AutoCloseable {

    /** {@code n} more units of the task are done. */
    void advance(long n);

    /** A short status shown next to the counter, e.g. the current loss. */
    void status(String text);

    @Override
    void close();
}
