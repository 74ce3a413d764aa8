package io.multilens.workflow;

import io.multilens.workflow.yaml.Node;
import java.util.Map;

/** A step as written: its id, the plugin it {@code uses}, and its {@code with:} entries. */
public record StepDecl(String id, String uses, Map<String, Node> with, Node node) {
}
