package io.multilens.workflow;

import java.util.List;
import java.util.Map;

/** A workflow checked against the installed plugins, steps in the order they will run. */
public record Plan(Workflow workflow, Map<String, Object> params, List<PlannedStep> steps) {
}
