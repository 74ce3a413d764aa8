package org.example.multilens.hello;

import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import java.nio.file.Files;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The smallest possible multilens plugin: one Declarative Services component providing a
 * {@link Step}. Workflows use it as {@code uses: example.hello}.
 */
@Component(service = Step.class)
public final class HelloStep implements Step {

    private static final PluginInfo INFO = new PluginInfo("example.hello", BundleVersion.release(HelloStep.class), PluginKind.UTILITY,
            "Writes a greeting; shows how a third-party bundle adds a plugin",
            List.of(OptionSpec.optional("name", OptionType.STRING, "world", "who to greet"),
                    OptionSpec.optional("times", OptionType.INTEGER, 1L, "how many lines to write")),
            List.of(),
            List.of(PortSpec.output("greeting", "greeting.txt", "the greeting, one line per repetition")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        String line = "hello, " + context.options().string("name") + "\n";
        Files.writeString(context.outputDir().resolve("greeting.txt"), line.repeat(context.options().intValue("times")));
    }
}
