package io.multilens.api.plugin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plugin says about itself: the name workflows use ({@code uses: plnd}), its version, a
 * one-line description and the schema of its options, inputs and outputs.
 */
public record PluginInfo(String name, String version, PluginKind kind, String description,
                         List<OptionSpec> options, List<PortSpec> inputs, List<PortSpec> outputs) {

    public PluginInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        description = description == null ? "" : description;
        options = List.copyOf(options);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<OptionSpec> option(String optionName) {
        return options.stream().filter(o -> o.name().equals(optionName)).findFirst();
    }

    public Optional<PortSpec> input(String inputName) {
        return inputs.stream().filter(p -> p.name().equals(inputName)).findFirst();
    }

    public Optional<PortSpec> output(String outputName) {
        return outputs.stream().filter(p -> p.name().equals(outputName)).findFirst();
    }
}
