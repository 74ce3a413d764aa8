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
}
