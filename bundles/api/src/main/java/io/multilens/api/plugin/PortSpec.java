package io.multilens.api.plugin;

import java.util.Objects;

/**
 * A named artifact a step consumes or produces. Artifacts are files (or folders) on disk so that
 * results can be resumed, inspected and shipped between hosts.
 *
 * @param file for outputs: the path, relative to the step's output folder, that the step writes
 */
public record PortSpec(String name, String description, String file, boolean required) {

    public PortSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }

    public static PortSpec input(String name, boolean required, String description) {
        return new PortSpec(name, description, null, required);
    }

    public static PortSpec output(String name, String file, String description) {
        return new PortSpec(name, description, Objects.requireNonNull(file, "file"), true);
    }
}
