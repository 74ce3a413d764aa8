package io.multilens.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LoadOptions;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.Structure;
import io.multilens.plnd.score.NeuronSpace;
import io.multilens.plnd.score.ScoreMode;
import io.multilens.plnd.score.ScoringProbe;
import io.multilens.plnd.score.WeightStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One real-shape checkpoint on one device (benchmarks/gpu.sh runs it on cuda:0 and on the CPU):
 * forward tokens/s and the share of the device's peak it reaches (MFU), PLND with every structure
 * in forward passes, and a perplexity sweep of 11 conditions batched against one condition per
 * pass. Prints one RESULT line for the script's table.
 *
 * <pre>java ... DeviceBench DIR DEVICE DTYPE PEAK_TFLOPS DOCS TOKENS</pre>
 */
public final class DeviceBench {

    private DeviceBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String device = args[1];
        ModelDtype dtype = ModelDtype.parse(args[2]);
        double peakTflops = Double.parseDouble(args[3]);
        int docsCount = Integer.parseInt(args[4]);
        int tokens = Integer.parseInt(args[5]);
        Thread.currentThread().setContextClassLoader(Engine.class.getClassLoader());
        try (LanguageModel model = RandomCheckpoint.backend(ModelConfig.architecture(dir)).load(dir, LoadOptions.of(device, dtype));
             NDManager scratch = model.manager().newSubManager()) {
            ModelConfig c = model.config();
            int[][] docs = Benchmarks.randomDocs(c.vocabSize(), docsCount, tokens);
            double forward = docsCount * tokens / Measure.seconds(2, () -> model.logits(scratch, docs, Intervention.NONE).close());
            double mfu = forward * Benchmarks.flopsPerToken(c, tokens) / (peakTflops * 1e12);
            ScoringProbe probe = new ScoringProbe(ScoreMode.PAPER.scorer(new WeightStats(c, model::weights), Benchmarks.QK_CHUNK),
                    EnumSet.allOf(Structure.class), new NeuronSpace(c, (group, scores) -> { }));
            double plnd = docsCount * tokens / Measure.seconds(1, () -> {
                try (NDManager scope = model.manager().newSubManager()) {
                    model.trace(scope, docs, Intervention.NONE, probe);
                }
            });
            List<Intervention> conditions = ConditionSweep.conditions(c, new Random(7));
            double oneAtATime = Measure.seconds(1, () -> conditions.forEach(x -> model.tokenLogProbs(docs, x)));
            int[][] rows = new int[conditions.size() * docsCount][];
            List<Intervention> perRow = new ArrayList<>();
            for (int[] d : docs) {
                for (Intervention x : conditions) {
                    rows[perRow.size()] = d;
                    perRow.add(x);
                }
            }
            double batched = Measure.seconds(1, () -> model.tokenLogProbs(rows, perRow));
            System.out.printf(Locale.ROOT, "  %s %s: forward %.1f tok/s (%s), PLND all %.1f tok/s = %.2f forward passes,"
                            + " 11-condition perplexity sweep batched %.2fx faster than one condition per pass%n", device,
                    dtype.label(), forward, Double.isNaN(mfu) ? "peak unknown" : String.format(Locale.ROOT, "MFU %.1f%%", 100 * mfu),
                    plnd, forward / plnd, oneAtATime / batched);
            System.out.printf(Locale.ROOT, "RESULT device=%s dtype=%s forward_tok_s=%.1f mfu=%s plnd_tok_s=%.1f plnd_passes=%.2f"
                            + " sweep_speedup=%.2f peak_rss_mib=%.0f%n", device, dtype.label(), forward,
                    Double.isNaN(mfu) ? "-" : String.format(Locale.ROOT, "%.3f", mfu), plnd, forward / plnd, oneAtATime / batched,
                    Measure.peakRssMib());
        }
    }
}
