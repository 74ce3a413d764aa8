package io.multilens.check;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronGroup;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The checks of {@link ModelCheckStep}, each a pure function of the model and two random documents. */
final class Checks {

    /**
     * One check's outcome.
     *
     * @param passed null for a figure that is reported, not judged
     */
    record Result(String name, Boolean passed, double value, double bound, String detail) {

        String line() {
            String verdict = passed == null ? "info" : passed ? "ok  " : "FAIL";
            return verdict + " " + name + ": " + detail;
        }
    }

    private final LanguageModel model;
    private final int[] longer;
    private final int[] shorter;
    private final int newTokens;
    private final double tolerance;

    Checks(LanguageModel model, int tokens, int newTokens, double tolerance, long seed) {
        this.model = model;
        Random random = new Random(seed);
        int vocab = model.config().vocabSize();
        int low = Math.min(3, vocab - 1);
        int high = Math.min(vocab, 5000);
        this.longer = random.ints(tokens, low, high).toArray();
        this.shorter = random.ints(tokens / 2, low, high).toArray();
        this.newTokens = newTokens;
        this.tolerance = tolerance;
    }

    List<Result> all() {
        List<Result> out = new ArrayList<>();
        out.add(paddedBatch());
        out.add(cachedGeneration());
        out.add(neuronChangesItsBlock(Structure.Q));
        out.add(neuronChangesItsBlock(Structure.FFN));
        out.add(memory());
        return out;
    }

    /** Each document's logits in a right-padded batch equal its logits alone. */
    Result paddedBatch() {
        int[][] docs = {longer, shorter};
        int v = model.config().vocabSize();
        try (NDManager scope = model.manager().newSubManager()) {
            float[] batched = model.logits(scope, docs, Intervention.NONE).toFloatArray();   // [2, T, V]
            double worst = 0;
            for (int d = 0; d < docs.length; d++) {
                float[] alone = model.logits(scope, new int[][] {docs[d]}, Intervention.NONE).toFloatArray(); // [1, t, V]
                float[] real = Arrays.copyOfRange(batched, d * longer.length * v, d * longer.length * v + alone.length);
                worst = Math.max(worst, relativeDifference(alone, real));
            }
            return new Result("padded batch", worst <= tolerance, worst, tolerance, String.format(Locale.ROOT,
                    "logits of %d and %d tokens alone vs in one padded batch differ by %.2g relative (bound %.0g)",
                    longer.length, shorter.length, worst, tolerance));
        }
    }

    /** Greedy generation with the KV cache gives the tokens that recomputing every step gives. */
    Result cachedGeneration() {
        int[][] prompts = {Arrays.copyOf(longer, Math.max(2, longer.length / 2)), Arrays.copyOf(shorter, Math.max(2, shorter.length / 2))};
        GenerationOptions options = new GenerationOptions(newTokens, List.of(), false);
        int[][] cached = model.generateIds(prompts, options, Intervention.NONE);
        int[][] recomputed = model.generateIds(prompts, options.withCache(false), Intervention.NONE);
        int differing = 0;
        int total = 0;
        for (int r = 0; r < prompts.length; r++) {
            for (int i = 0; i < Math.max(cached[r].length, recomputed[r].length); i++) {
                total++;
                if (i >= cached[r].length || i >= recomputed[r].length || cached[r][i] != recomputed[r][i]) {
                    differing++;
                }
            }
        }
        return new Result("cached generation", differing == 0, differing, 0, String.format(Locale.ROOT,
                "%d of %d greedy tokens (2 prompts) differ between the KV cache and recomputation", differing, total));
    }

    /**
     * Switching off neuron 0 of a middle layer's group leaves the residual stream before that
     * layer's block bit for bit as it was and changes it after the block.
     */
    Result neuronChangesItsBlock(Structure structure) {
        int layer = model.config().numLayers() / 2;
        NeuronSet off = NeuronSet.of(Map.of(new NeuronGroup(layer, structure), new int[] {0}));
        List<float[]> before = residuals(NeuronSet.empty());
        List<float[]> after = residuals(off);
        int first = -1;
        for (int depth = 0; depth < before.size(); depth++) {
            if (!Arrays.equals(before.get(depth), after.get(depth))) {
                first = depth;
                break;
            }
        }
        String name = "layers." + layer + "." + structure.key() + "[0] off";
        return new Result(name, first == layer + 1, first, layer + 1, first < 0
                ? "the residual stream did not change at any depth"
                : String.format(Locale.ROOT, "the residual stream first changes at depth %d (after block %d; expected %d)",
                        first, first - 1, layer + 1));
    }

    /** The residual stream at every depth (0: embeddings, i + 1: after block i) of the longer document. */
    private List<float[]> residuals(NeuronSet off) {
        List<float[]> out = new ArrayList<>();
        try (NDManager scope = model.manager().newSubManager()) {
            model.trace(scope, new int[][] {longer}, Intervention.off(off), new LayerProbe() {
                @Override
                public void residual(int depth, NDArray hidden, NDArray valid) {
                    out.add(hidden.toFloatArray());
                }
            });
        }
        return out;
    }

    /** The weights' memory beside the process's peak resident memory (reported, not judged). */
    Result memory() {
        double weights = model.memoryBytes() / (double) (1 << 20);
        double peak = peakRssMib();
        return new Result("memory", null, weights, peak, String.format(Locale.ROOT,
                "weights %.1f MiB in %s; process peak resident %s", weights, model.dtype().label(),
                Double.isNaN(peak) ? "unknown (no /proc/self/status)" : String.format(Locale.ROOT, "%.0f MiB", peak)));
    }

    private static double peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static double relativeDifference(float[] a, float[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    /** checks.json: the checkpoint, its dtype and every check's figures. */
    static void write(Path file, Path dir, LanguageModel model, List<Result> results) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        ObjectNode root = json.createObjectNode();
        root.put("format", "multilens.checks/1");
        root.put("model", dir.toString());
        root.put("architecture", model.config().architecture());
        root.put("dtype", model.dtype().label());
        ArrayNode checks = root.putArray("checks");
        for (Result r : results) {
            ObjectNode c = checks.addObject();
            c.put("name", r.name());
            if (r.passed() == null) {
                c.putNull("passed");
            } else {
                c.put("passed", r.passed());
            }
            c.put("value", r.value());
            c.put("bound", r.bound());
            c.put("detail", r.detail());
        }
        json.writeValue(file.toFile(), root);
    }
}
