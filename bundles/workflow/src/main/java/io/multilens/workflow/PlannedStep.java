package io.multilens.workflow;

import io.multilens.api.plugin.Step;
import java.util.Map;
import java.util.Set;

/**
 * A validated step: its plugin, options with parameters substituted, and resolved inputs. Option
 * values that are a whole {@code ${steps.ID.OUTPUT}} (e.g. {@code model: ${steps.tune.delta}},
 * or elements of a list) stay as written until the step runs, when they become that output's path.
 */
public record PlannedStep(String id, Step plugin, Map<String, Object> options, Map<String, InputRef> inputs,
                          Set<String> dependsOn) {
}
