package io.multilens.workflow;

import io.multilens.api.plugin.OptionType;
import io.multilens.workflow.yaml.Node;

/** A workflow parameter: typed, with a default, overridable with {@code --set name=value}. */
public record ParamDecl(String name, OptionType type, Object defaultValue, String description, Node node) {
}
