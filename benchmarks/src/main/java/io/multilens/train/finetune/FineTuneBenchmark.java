package io.multilens.train.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.TrainableModel;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.train.AdamW;
import io.multilens.train.Gradients;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Neuron fine-tuning (100 neurons per matrix and layer, as the authors trained) against full
 * fine-tuning: optimiser memory and the time of one step (forward, backward, update) on the same
 * batch. Lives in the fine-tuner's package to drive its optimiser directly.
 */
public final class FineTuneBenchmark {

    private static final int BATCH = 2;
    private static final int TOKENS = 256;
    private static final int NEURONS = 100;

    private FineTuneBenchmark() {
    }

    public static void run(Path checkpoint) throws Exception {
        ModelConfig config = ModelConfig.read(checkpoint);
        int[][] batch = new int[BATCH][TOKENS];
        Random r = new Random(2);
        for (int[] d : batch) {
            for (int i = 0; i < TOKENS; i++) {
                d[i] = r.nextInt(config.vocabSize());
            }
        }
        double[] sparse = sparse(checkpoint, config, batch);
        double[] full = full(checkpoint, config, batch);
        System.out.printf("%nfine-tuning step (%d x %d tokens), %d neurons per matrix and layer vs all parameters:%n", BATCH, TOKENS, NEURONS);
        System.out.printf("  %-26s %14s %14s%n", "", "neurons", "full");
        System.out.printf("  %-26s %14.1f %14.1f%n", "optimiser state (MiB)", sparse[1] / (1 << 20), full[1] / (1 << 20));
        System.out.printf("  %-26s %14.0f %14.0f%n", "step time (ms)", sparse[0] * 1000, full[0] * 1000);
        System.out.printf("  neuron tuning keeps %.1f%% of full fine-tuning's optimiser state%n", 100 * sparse[1] / full[1]);
    }

    /** @return seconds per step, optimiser bytes */
    private static double[] sparse(Path checkpoint, ModelConfig config, int[][] batch) {
        try (TrainableModel model = (TrainableModel) new LlamaBackend().load(checkpoint, io.multilens.api.model.LoadOptions.of("cpu"))) {
            Random r = new Random(3);
            Map<NeuronGroup, int[]> groups = new LinkedHashMap<>();
            for (int l = 0; l < config.numLayers(); l++) {
                for (Structure s : List.of(Structure.Q, Structure.K, Structure.V, Structure.FFN)) {
                    groups.put(new NeuronGroup(l, s), r.ints(0, config.groupSize(s)).distinct().limit(NEURONS).toArray());
                }
            }
            Map<String, NDArray> params = model.parameters();
            List<Slice> slices = NeuronSlices.of(NeuronSet.of(groups), Set.of("q", "k", "v", "up", "down"), model);
            Set<String> tensors = new LinkedHashSet<>();
            slices.forEach(s -> tensors.add(s.tensor()));
            params.forEach((k, p) -> p.setRequiresGradient(tensors.contains(k)));
            try (SparseAdamW adam = new SparseAdamW(model.manager(), slices, params, 0.9, 0.999, 0.0)) {
                double seconds = time(() -> {
                    try (NDManager scope = model.manager().newSubManager()) {
                        Map<String, NDArray> grads = backward(model, scope, batch, tensors);
                        adam.step(scope, params, adam.gather(scope, grads), 1e-4, 1e-8);
                        Gradients.zero(grads.values());
                    }
                });
                return new double[] {seconds, adam.stateBytes()};
            }
        }
    }

    private static double[] full(Path checkpoint, ModelConfig config, int[][] batch) {
        try (TrainableModel model = (TrainableModel) new LlamaBackend().load(checkpoint, io.multilens.api.model.LoadOptions.of("cpu"));
             AdamW adam = new AdamW(model.manager(), 0.9, 0.999, 1e-8, 0.0)) {
            Map<String, NDArray> params = model.parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            double seconds = time(() -> {
                try (NDManager scope = model.manager().newSubManager()) {
                    Map<String, NDArray> grads = backward(model, scope, batch, params.keySet());
                    adam.step(params, grads, 1e-4);
                    Gradients.zero(grads.values());
                }
            });
            long bytes = 2L * 4 * params.values().stream().mapToLong(p -> p.getShape().size()).sum();
            return new double[] {seconds, bytes};
        }
    }

    private static Map<String, NDArray> backward(TrainableModel model, NDManager scope, int[][] batch, Set<String> tensors) {
        Gradients.backward(model, scope, batch, 1);
        return Gradients.of(scope, model.parameters(), tensors);
    }

    private static double time(Runnable step) {
        step.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            step.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
