package io.multilens.check;

import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code model.check}: loads a checkpoint and checks what can be checked without a second
 * implementation of its architecture (as nnterp does when it loads a model): a document's logits
 * alone equal its logits in a padded batch, cached generation equals recomputation, a switched-off
 * neuron changes the residual stream exactly from its own block on, and the memory the weights
 * take beside the process's peak. One line per check; {@code checks.json} keeps the figures. The
 * step fails when a check fails. {@code multilens doctor --model DIR} runs it.
 */
@Component(service = Step.class)
public final class ModelCheckStep implements Step {

    static final PluginInfo INFO = new PluginInfo("model.check", BundleVersion.release(ModelCheckStep.class), PluginKind.UTILITY,
            "Checks a loaded checkpoint against itself: padded batch = alone, cached generation = recomputed,"
                    + " a switched-off neuron changes exactly its block, memory",
            List.of(OptionSpec.required("model", OptionType.PATH, "Hugging Face checkpoint folder"),
                    OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                    io.multilens.api.plugin.DtypeOption.spec(),
                    OptionSpec.optional("tokens", OptionType.INTEGER, 24L, "length of the longer test document (the shorter is half)"),
                    OptionSpec.optional("new_tokens", OptionType.INTEGER, 8L, "tokens generated with and without the KV cache"),
                    OptionSpec.optional("tolerance", OptionType.NUMBER, 1e-4,
                            "largest relative difference of logits alone vs in a padded batch"),
                    OptionSpec.optional("seed", OptionType.INTEGER, 0L, "seed of the random test documents")),
            List.of(),
            List.of(PortSpec.output("checks", "checks.json", "each check: passed, the measured figure, the bound")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        Path dir = o.path("model");
        if (o.intValue("tokens") < 4 || o.intValue("new_tokens") < 1) {
            throw new StepFailure("model.check: tokens must be at least 4 and new_tokens at least 1");
        }
        LanguageModel model = context.models().get(dir, o.string("device"), io.multilens.api.plugin.DtypeOption.of(o));
        Checks checks = new Checks(model, o.intValue("tokens"), o.intValue("new_tokens"), o.doubleValue("tolerance"),
                o.longValue("seed"));
        List<Checks.Result> results = checks.all();
        for (Checks.Result r : results) {
            context.log().accept("  " + r.line());
        }
        Checks.write(context.outputDir().resolve("checks.json"), dir, model, results);
        long failed = results.stream().filter(r -> r.passed() != null && !r.passed()).count();
        if (failed > 0) {
            throw new StepFailure(dir + ": " + failed + " of " + results.size() + " checks failed: "
                    + results.stream().filter(r -> r.passed() != null && !r.passed()).map(Checks.Result::name).toList()
                    + " (details in checks.json)");
        }
    }
}
