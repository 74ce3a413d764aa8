package io.multilens.train.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.data.LineCorpus;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.LanguageNeurons;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.RandomControl;
import io.multilens.api.neurons.Stage;
import io.multilens.api.neurons.StageSplit;
import io.multilens.api.plugin.Options;
import io.multilens.api.plugin.PluginInfo;
import io.multilens.api.status.Progress;
import io.multilens.api.plugin.Step;
import io.multilens.api.plugin.StepContext;
import io.multilens.api.status.StepFailure;
import io.multilens.train.GradientClipping;
import io.multilens.train.Gradients;
import io.multilens.train.LrSchedule;
import io.multilens.train.TrainingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code uses: finetune.neurons} — trains only the parameters of a language's neurons (the paper's
 * third experiment): rows of q/k/v_proj, rows of up_proj and columns of down_proj by default, all
 * else frozen bit for bit. Writes a delta (the changed rows/columns) that any step's {@code model:}
 * accepts, or on request a full checkpoint. {@code control: random} trains as many random neurons
 * per layer and matrix instead.
 */
@Component(service = Step.class)
public final class FineTuneStep implements Step {

    @Override
    public PluginInfo info() {
        return FineTuneOptions.INFO;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Options o = context.options();
        Path source = context.input("neurons").orElseThrow();
        LanguageNeurons file = LanguageNeurons.read(source);
        Path modelDir = o.path("model");
        LanguageModel opened = context.models().open(modelDir, o.string("device"));
        if (!(opened instanceof TrainableModel model)) {
            opened.close();
            throw new StepFailure("the model backend for " + modelDir + " cannot train models");
        }
        try (model) {
            NeuronSet trained = neurons(o, file, source, model.config());
            Map<String, NDArray> params = model.parameters();
            List<Slice> slices = NeuronSlices.of(trained, new LinkedHashSet<>(o.strings("matrices")), model);
            if (slices.isEmpty()) {
                throw new StepFailure(source + ": no neuron of set '" + setName(o) + "' falls in the chosen stages and matrices;"
                        + " nothing to train");
            }
            DeltaRecorder delta = new DeltaRecorder(slices, params, modelDir.toRealPath());
            // clip_on all-parameters needs every parameter's gradient (the authors' clipping); otherwise
            // only the tensors that hold trained entries get one
            boolean allGradients = o.string("clip_on").equals("all-parameters");
            params.forEach((name, p) -> p.setRequiresGradient(allGradients || delta.tensors().contains(name)));
            List<int[]> docs = documents(context, model, o);
            FineTuneState state = new FineTuneState(context.stateDir(), o.asMap());
            try (SparseAdamW adam = new SparseAdamW(model.manager(), slices, params, o.doubleValue("beta1"),
                    o.doubleValue("beta2"), o.doubleValue("weight_decay"))) {
                TrainingReport report = state.resumable() ? state.resume(model, adam) : new TrainingReport();
                long first = adam.steps();
                if (first > 0) {
                    context.log().accept("  resuming at step " + first);
                }
                train(context, model, adam, params, docs, report, state, delta, first);
                delta.write(context.outputDir().resolve("delta"), new java.util.TreeMap<>(Map.of("neurons", source.toString(), "set", setName(o),
                        "control", o.string("control"), "language", o.string("language"))));
                Map<String, Object> header = new LinkedHashMap<>();
                header.put("trained_neurons", trained.size());
                header.put("trained_parameters", delta.trainedParameters());
                header.put("optimizer_state_bytes", adam.stateBytes());
                header.put("slices", delta.summary());
                report.write(context.outputDir().resolve("finetune.json"), header, o.asMap());
                new LanguageNeurons(Map.of(setName(o) + (o.string("control").equals("none") ? "" : "." + o.string("control")), trained),
                        Map.of("source", source.toString())).write(context.outputDir().resolve("neurons.json"));
                if (o.bool("save_full")) {
                    model.save(context.outputDir().resolve("model"));
                }
                context.log().accept(String.format("  trained %d neurons (%d parameters, %.1f MB of optimiser state)",
                        trained.size(), delta.trainedParameters(), adam.stateBytes() / 1e6));
            }
        }
    }

    private static String setName(Options o) {
        String set = o.string("set");
        return set.isEmpty() ? o.string("language") : set;
    }

    private static NeuronSet neurons(Options o, LanguageNeurons file, Path source, ModelConfig config) {
        StageSplit split = StageSplit.of(config.numLayers(), o.doubleValue("n_understanding"), o.doubleValue("n_generation"));
        Set<Stage> stages = EnumSet.noneOf(Stage.class);
        for (String s : o.strings("stages")) {
            stages.add(Arrays.stream(Stage.values()).filter(st -> st.key().equals(s)).findFirst()
                    .orElseThrow(() -> new StepFailure("option 'stages': '" + s + "' is not understanding, task_solving or generation")));
        }
        if (o.string("control").equals("all")) {
            return allNeurons(config, split, stages);
        }
        NeuronSet chosen = NeuronChoice.choose(file, source, setName(o), split, stages, o.intValue("max_neurons_per_matrix"),
                NeuronChoice.Cap.valueOf(o.string("max_neurons_by").toUpperCase(java.util.Locale.ROOT)));
        if (o.string("control").equals("random")) {
            NeuronSet avoid = RandomControl.Pool.of(o.string("random_exclude")).exclude(file, setName(o));
            return RandomControl.draw(chosen, avoid, config::groupSize, new Random(o.longValue("seed")));
        }
        return chosen;
    }

    /**
     * Every q, k, v, o and FFN neuron of the chosen stages: with the matrices option, all their
     * parameters are trained (embeddings and norms stay frozen) — the all-parameter comparison.
     */
    static NeuronSet allNeurons(ModelConfig config, StageSplit split, Set<Stage> stages) {
        java.util.Map<io.multilens.api.neurons.NeuronGroup, int[]> all = new java.util.TreeMap<>();
        for (int layer = 0; layer < config.numLayers(); layer++) {
            if (!stages.contains(split.stageOf(layer))) {
                continue;
            }
            for (io.multilens.api.neurons.Structure st : io.multilens.api.neurons.Structure.values()) {
                all.put(new io.multilens.api.neurons.NeuronGroup(layer, st),
                        java.util.stream.IntStream.range(0, config.groupSize(st)).toArray());
            }
        }
        return NeuronSet.of(all);
    }

    private static List<int[]> documents(StepContext context, LanguageModel model, Options o) {
        Path corpus = LineCorpus.file(o.path("corpus"), o.string("language"));
        List<int[]> docs = new ArrayList<>();
        for (String line : LineCorpus.read(corpus, o.intValue("skip_documents"), o.intValue("max_documents"), null)) {
            docs.add(model.tokenizer().encode(line, o.intValue("max_tokens")));
        }
        return docs;
    }

    private static void train(StepContext context, TrainableModel model, SparseAdamW adam, Map<String, NDArray> params,
                              List<int[]> docs, TrainingReport report, FineTuneState state, DeltaRecorder delta,
                              long first) throws Exception {
        Options o = context.options();
        int batch = o.intValue("batch_size");
        int accumulation = o.intValue("grad_accumulation");
        int perStep = batch * accumulation;
        long stepsPerEpoch = (docs.size() + perStep - 1) / perStep;
        long total = stepsPerEpoch * o.intValue("epochs");
        double minRatio = o.string("schedule").equals("constant") ? 1.0 : o.doubleValue("min_lr_ratio");
        LrSchedule schedule = new LrSchedule(o.doubleValue("learning_rate"), o.longValue("warmup_steps"), total, minRatio);
        try (Progress progress = context.progress("steps", total)) {
            progress.advance(first);
            List<int[]> order = List.of();
            long orderEpoch = -1;
            for (long step = first; step < total; step++) {
                if (context.cancelled()) {
                    throw new StepFailure("stopped by the user; run again to resume from the last saved state");
                }
                if (step / stepsPerEpoch != orderEpoch) {         // shuffle once per epoch, not per step
                    orderEpoch = step / stepsPerEpoch;
                    order = epochOrder(docs, o.longValue("seed"), orderEpoch);
                }
                int start = (int) (step % stepsPerEpoch) * perStep;
                long t0 = System.nanoTime();
                long tokens = 0;
                double loss = 0;
                double norm;
                try (NDManager scope = model.manager().newSubManager()) {
                    for (int a = 0; a < accumulation && start + a * batch < order.size(); a++) {
                        int from = start + a * batch;
                        int[][] micro = order.subList(from, Math.min(order.size(), from + batch)).toArray(new int[0][]);
                        tokens += Arrays.stream(micro).mapToLong(d -> d.length - 1).sum();
                        loss += Gradients.backward(model, scope, micro, 1.0 / accumulation) / accumulation;
                    }
                    boolean all = o.string("clip_on").equals("all-parameters");
                    Map<String, NDArray> grads = Gradients.of(scope, params, all ? params.keySet() : delta.tensors());
                    List<NDArray> trainedGrads = adam.gather(scope, grads);
                    double clip = o.doubleValue("grad_clip");
                    // trained: the norm over the trained entries; full: over the whole gradients of the tensors
                    // that hold them; all-parameters: over every parameter's gradient (the authors' code)
                    norm = o.string("clip_on").equals("trained")
                            ? GradientClipping.clipGlobalNorm(scope, trainedGrads, clip)
                            : clipFullThenGather(scope, grads, trainedGrads, clip);
                    if (Double.isFinite(loss) && Double.isFinite(norm)) {
                        adam.step(scope, params, trainedGrads, schedule.at(step), 1e-8);
                    }
                    Gradients.zero(grads.values());
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                report.step(step, loss, norm, schedule.at(step), tokens / seconds);
                if (report.skippedInARow() >= 10) {
                    throw new StepFailure("fine-tuning diverged: 10 steps in a row with a non-finite loss or gradient; lower learning_rate");
                }
                progress.status(String.format("loss %.3f, %.0f tokens/s", report.smoothedLoss(), tokens / seconds));
                progress.advance(1);
                if (step + 1 < total && (step + 1) % o.longValue("checkpoint_every") == 0) {
                    state.save(adam, delta, report);
                }
            }
        }
    }

    /** Each epoch visits every document once, in a seeded order. */
    private static List<int[]> epochOrder(List<int[]> docs, long seed, long epoch) {
        List<int[]> order = new ArrayList<>(docs);
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        return order;
    }

    /** Clip factor from the norm of the trained tensors' whole gradients, applied to the trained slices. */
    private static double clipFullThenGather(NDManager scope, Map<String, NDArray> grads, List<NDArray> trainedGrads,
                                             double clip) {
        double norm = GradientClipping.clipGlobalNorm(scope, grads.values(), 0);
        if (clip > 0 && norm > clip) {
            double factor = clip / (norm + 1e-6);
            trainedGrads.forEach(g -> g.muli(factor));
        }
        return norm;
    }
}
