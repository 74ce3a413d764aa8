package io.multilens.workflow;

import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small real plugins for engine tests: a producer, a consumer, and one that fails. */
final class TestPlugins implements PluginCatalog {

    final AtomicInteger produceRuns = new AtomicInteger();
    final AtomicInteger consumeRuns = new AtomicInteger();
    final Map<String, Step> steps = new TreeMap<>();
    /** The languages option the producer last ran with. */
    List<String> lastLanguages = List.of();

    TestPlugins() {
        steps.put("produce", new Step() {
            @Override
            public PluginInfo info() {
                return new PluginInfo("produce", "1.0", PluginKind.UTILITY, "writes a number",
                        List.of(OptionSpec.optional("value", OptionType.INTEGER, 7L, "the number"),
                                OptionSpec.choice("mode", "plain", "how", "plain", "fancy"),
                                OptionSpec.optional("languages", OptionType.LIST, List.of("en"), "langs"),
                                OptionSpec.optional("skip_documents", OptionType.INTEGER, 0L, "a declared range").withRange(0.0, null)),
                        List.of(),
                        List.of(PortSpec.output("number", "number.txt", "the number")));
            }

            @Override
            public void run(StepContext ctx) throws Exception {
                produceRuns.incrementAndGet();
                lastLanguages = ctx.options().strings("languages");
                Files.writeString(ctx.outputDir().resolve("number.txt"), ctx.options().string("value"));
            }
        });
        steps.put("consume", new Step() {
            @Override
            public PluginInfo info() {
                return new PluginInfo("consume", "1.0", PluginKind.UTILITY, "doubles a number",
                        List.of(OptionSpec.optional("fail", OptionType.BOOLEAN, false, "fail on purpose"),
                                OptionSpec.optional("extra", OptionType.PATH, null, "a file whose number is added")),
                        List.of(PortSpec.input("number", true, "a number file")),
                        List.of(PortSpec.output("result", "result.txt", "twice the number")));
            }

            @Override
            public void run(StepContext ctx) throws Exception {
                consumeRuns.incrementAndGet();
                Path in = ctx.input("number").orElseThrow();
                long n = Long.parseLong(Files.readString(in).trim());
                Files.writeString(ctx.outputDir().resolve("partial.txt"), "half-written");
                if (ctx.options().bool("fail")) {
                    throw new StepFailure("failing on purpose");
                }
                long extra = ctx.options().has("extra") ? Long.parseLong(Files.readString(ctx.options().path("extra")).trim()) : 0;
                Files.writeString(ctx.outputDir().resolve("result.txt"), Long.toString(2 * n + extra));
            }
        });
    }

    @Override
    public Optional<Step> find(String name) {
        return Optional.ofNullable(steps.get(name));
    }

    @Override
    public Collection<String> names() {
        return steps.keySet();
    }
}
