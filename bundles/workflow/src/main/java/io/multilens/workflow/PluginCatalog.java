package io.multilens.workflow;

import io.multilens.api.plugin.Step;
import java.util.Collection;
import java.util.Optional;

/** The steps installed right now, by plugin name. */
public interface PluginCatalog {

    Optional<Step> find(String name);

    Collection<String> names();

    /** The bundle that provides a plugin, for {@code multilens plugins}. */
    default String origin(String name) {
        return "";
    }

    /** Where an unknown plugin may come from (features not installed), for its error; "" when nothing helps. */
    default String featureHint() {
        return "";
    }

    /** Architectures the installed model backends run, each with the bundle that provides it. */
    default java.util.Map<String, String> backends() {
        return java.util.Map.of();
    }
}
