package io.multilens.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A parsed workflow file (not yet checked against the installed plugins). */
public record Workflow(Path file, String name, String description, Map<String, ParamDecl> params,
                       List<StepDecl> steps) {

    public Path folder() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
