package io.multilens.workflow;

import io.multilens.api.plugin.Step;
import java.util.Map;
import java.util.Set;

/**
 * A validated step: its plugin, options with parameters substituted, resolved inputs, and the
 * path options that name another step's output (e.g. {@code model: ${steps.tune.delta}}), filled
 * in with that output's path when the step runs.
 */
public record PlannedStep(String id, Step plugin, Map<String, Object> options, Map<String, InputRef> inputs,
                          Map<String, InputRef.StepOutput> pathOptions, Set<String> dependsOn) {
}
