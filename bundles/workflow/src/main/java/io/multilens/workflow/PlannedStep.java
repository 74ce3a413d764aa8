package io.multilens.workflow;

import io.multilens.api.plugin.Step;
import java.util.Map;
import java.util.Set;

/** A validated step: its plugin, options with parameters substituted, and resolved inputs. */
public record PlannedStep(String id, Step plugin, Map<String, Object> options, Map<String, InputRef> inputs,
                          Set<String> dependsOn) {
}
