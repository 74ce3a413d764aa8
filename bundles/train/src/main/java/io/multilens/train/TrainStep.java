package io.multilens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.plugin.BundleVersion;
import io.multilens.api.plugin.OptionSpec;
import io.multilens.api.plugin.OptionType;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.plugin.PluginKind;
import io.multilens.api.plugin.PortSpec;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: train} — causal-LM training of a byte-level Llama from scratch: AdamW, linear
 * warm-up and cosine decay, gradient clipping, batches mixing all languages, seeded. Writes a
 * Hugging Face checkpoint that multilens and the Hugging Face libraries load.
 */
@Component(service = Step.class)
public final class TrainStep implements Step {

    static final PluginInfo INFO = new PluginInfo("train", BundleVersion.release(TrainStep.class), PluginKind.TRAINER,
            "Trains a byte-level Llama from scratch on per-language text (AdamW, warm-up + cosine, clipping)",
            List.of(
                    OptionSpec.optional("architecture", OptionType.MAP, Map.of(), "config.json fields: " + String.join(", ", ArchitectureSpec.DEFAULTS.keySet())
                            + " (defaults " + ArchitectureSpec.DEFAULTS.values() + ")"),
                    OptionSpec.required("languages", OptionType.LIST, "languages to train on"),
                    OptionSpec.required("corpus", OptionType.PATH, "text per language, one document per line; {lang} is replaced"),
                    OptionSpec.optional("skip_documents", OptionType.INTEGER, 0L, "training documents start after this many").withRange(0.0, null),
                    OptionSpec.optional("max_documents", OptionType.INTEGER, 800L, "training documents per language").withRange(0.0, null),
                    OptionSpec.optional("eval_skip_documents", OptionType.INTEGER, 900L, "held-out documents start after this many").withRange(0.0, null),
                    OptionSpec.optional("eval_max_documents", OptionType.INTEGER, 100L, "held-out documents per language (0: no held-out evaluation)").withRange(0.0, null),
                    OptionSpec.optional("sequence_length", OptionType.INTEGER, 256L, "tokens per training window").withRange(2.0, null),
                    OptionSpec.optional("batch_size", OptionType.INTEGER, 16L, "windows per step").withRange(1.0, null),
                    OptionSpec.optional("steps", OptionType.INTEGER, 1500L, "optimiser steps").withRange(1.0, null),
                    OptionSpec.optional("learning_rate", OptionType.NUMBER, 3e-3, "peak learning rate").withRange(0.0, null),
                    OptionSpec.optional("min_lr_ratio", OptionType.NUMBER, 0.1, "final learning rate as a fraction of the peak").withRange(0.0, 1.0),
                    OptionSpec.optional("warmup_steps", OptionType.INTEGER, 100L, "linear warm-up steps").withRange(0.0, null),
                    OptionSpec.optional("weight_decay", OptionType.NUMBER, 0.1, "AdamW decoupled weight decay (matrices only)").withRange(0.0, null),
                    OptionSpec.optional("beta1", OptionType.NUMBER, 0.9, "AdamW beta1").withRange(0.0, 1.0),
                    OptionSpec.optional("beta2", OptionType.NUMBER, 0.95, "AdamW beta2").withRange(0.0, 1.0),
                    OptionSpec.optional("grad_clip", OptionType.NUMBER, 1.0, "clip the global gradient norm to this (0: off)").withRange(0.0, null),
                    OptionSpec.optional("eval_every", OptionType.INTEGER, 250L, "held-out evaluation every N steps").withRange(0.0, null),
                    OptionSpec.optional("checkpoint_every", OptionType.INTEGER, 250L, "save a resumable state every N steps").withRange(0.0, null),
                    OptionSpec.optional("seed", OptionType.INTEGER, 0L, "seed of initialisation and batches"),
                    OptionSpec.optional("device", OptionType.STRING, "cpu", "cpu or cuda:N"),
                    OptionSpec.choice(io.multilens.api.plugin.DtypeOption.NAME, "float32",
                            "training keeps and updates float32 weights", "float32")),
            List.of(),
            List.of(PortSpec.output("model", "model", "the trained checkpoint (config.json, model.safetensors, tokenizer.json)"),
                    PortSpec.output("report", "training.json", "loss curve, held-out NLL per language, options, timings")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        ArchitectureSpec arch = ArchitectureSpec.of(o.map("architecture"));
        TrainingState state = new TrainingState(context.stateDir(), o.asMap());
        Path start = state.resumable() ? state.modelDir() : context.outputDir().resolve("init");
        if (!state.resumable()) {
            RandomCheckpoint.write(start, context.models().layout(arch.shape()), o.longValue("seed"));
        }
        LanguageModel opened = context.models().open(start, o.string("device"));
        if (!(opened instanceof TrainableModel model)) {
            opened.close();
            throw new StepFailure("the model backend for " + start + " cannot train models");
        }
        try (model; AdamW adam = new AdamW(model.manager(), o.doubleValue("beta1"), o.doubleValue("beta2"), 1e-8,
                o.doubleValue("weight_decay"))) {
            long first = state.resumable() ? state.restore(adam, model.manager()) : 0;
            if (first > 0) {
                context.log().accept("  resuming at step " + first + " from " + state.modelDir());
            }
            TrainingReport report = state.resumable() ? state.report() : new TrainingReport();
            Map<String, List<int[]>> heldOut = documents(context, model, o, "eval_skip_documents", "eval_max_documents");
            TokenWindows windows = new TokenWindows(documents(context, model, o, "skip_documents", "max_documents"),
                    o.intValue("sequence_length"), o.longValue("seed"));
            train(context, model, adam, windows, heldOut, report, state, first);
            model.save(context.outputDir().resolve("model"));
            report.write(context.outputDir().resolve("training.json"), TrainingReport.parameterCount(model.parameters()), o.asMap());
            io.multilens.api.data.Folders.deleteTree(context.outputDir().resolve("init"));
        }
    }

    private static void train(StepContext context, TrainableModel model, AdamW adam, TokenWindows windows,
                              Map<String, List<int[]>> heldOut, TrainingReport report, TrainingState state, long first)
            throws Exception {
        Options o = context.options();
        long steps = o.longValue("steps");
        int batchSize = o.intValue("batch_size");
        LrSchedule schedule = new LrSchedule(o.doubleValue("learning_rate"), o.longValue("warmup_steps"), steps,
                o.doubleValue("min_lr_ratio"));
        Map<String, NDArray> params = model.parameters();
        params.values().forEach(p -> p.setRequiresGradient(true));
        long tokensPerStep = (long) batchSize * (o.intValue("sequence_length") - 1);
        try (Progress progress = context.progress("steps", steps)) {
            progress.advance(first);
            for (long step = first; step < steps; step++) {
                if (context.cancelled()) {
                    throw new StepFailure("stopped by the user; run again to resume from the last saved state");
                }
                long t0 = System.nanoTime();
                StepResult r = step(model, adam, params, windows.batch(step, batchSize), schedule.at(step), o.doubleValue("grad_clip"));
                double seconds = (System.nanoTime() - t0) / 1e9;
                report.step(step, r.loss(), r.gradNorm(), schedule.at(step), tokensPerStep / seconds);
                if (!r.applied()) {
                    context.log().accept(String.format("  step %d: loss %s, gradient norm %s: update skipped", step + 1, r.loss(), r.gradNorm()));
                    if (report.skippedInARow() >= 10) {
                        throw new StepFailure("training diverged: 10 steps in a row with a non-finite loss or gradient;"
                                + " lower learning_rate or grad_clip");
                    }
                }
                progress.status(String.format("loss %.3f, %.0f tokens/s", report.smoothedLoss(), tokensPerStep / seconds));
                progress.advance(1);
                boolean last = step == steps - 1;
                if ((step + 1) % o.longValue("eval_every") == 0 || last) {
                    Map<String, Double> nll = HeldOut.nll(model, heldOut);
                    report.evaluation(step + 1, nll);
                    context.log().accept(String.format("  step %d: held-out NLL per token %s", step + 1, HeldOut.format(nll)));
                }
                if (!last && (step + 1) % o.longValue("checkpoint_every") == 0) {
                    state.save(model, adam, step + 1, report);
                }
            }
        }
    }

    /** A step's loss and gradient norm (before clipping), and whether the update was applied. */
    record StepResult(double loss, double gradNorm, boolean applied) {
    }

    /**
     * One optimiser step on one batch. A non-finite loss or gradient skips the update (the
     * moments stay as they were) rather than poisoning every weight with NaN.
     */
    private static StepResult step(TrainableModel model, AdamW adam, Map<String, NDArray> params, int[][] batch,
                                   double lr, double clip) {
        try (NDManager scope = model.manager().newSubManager()) {
            double loss = Gradients.backward(model, scope, batch, 1);
            Map<String, NDArray> grads = Gradients.of(scope, params, params.keySet());
            double norm = GradientClipping.clipGlobalNorm(scope, grads.values(), clip);
            boolean finite = Double.isFinite(loss) && Double.isFinite(norm);
            if (finite) {
                adam.step(params, grads, lr);
            }
            Gradients.zero(grads.values());
            return new StepResult(loss, norm, finite);
        }
    }

    private static Map<String, List<int[]>> documents(StepContext context, LanguageModel model, Options o,
                                                      String skipOption, String maxOption) {
        Map<String, List<int[]>> docs = new LinkedHashMap<>();
        if (o.intValue(maxOption) <= 0) {
            return docs;
        }
        for (String lang : o.strings("languages")) {
            Path file = LineCorpus.file(o.path("corpus"), lang);
            List<int[]> ids = new ArrayList<>();
            for (String line : LineCorpus.read(file, o.intValue(skipOption), o.intValue(maxOption), null)) {
                ids.add(model.tokenizer().encode(line));
            }
            docs.put(lang, ids);
        }
        return docs;
    }
}
