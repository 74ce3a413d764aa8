package io.multilens.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.multilens.api.model.GenerationOptions;
import io.multilens.api.model.LanguageModel;
import io.multilens.api.model.LayerProbe;
import io.multilens.api.model.ModelConfig;
import io.multilens.api.neurons.Intervention;
import io.multilens.api.neurons.NeuronSet;
import io.multilens.api.neurons.Structure;
import io.multilens.model.llama.LlamaBackend;
import io.multilens.plnd.score.NeuronSpace;
import io.multilens.plnd.score.ScoreMode;
import io.multilens.plnd.score.ScoringProbe;
import io.multilens.plnd.score.WeightStats;
import io.multilens.train.finetune.FineTuneBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Speed and memory of the model backend, PLND, generation and neuron fine-tuning on the bench-size
 * random checkpoint (8 layers, hidden 512, intermediate 1376, 8 heads, vocabulary 32000), next to
 * the PyTorch baseline measured in the same run.
 *
 * <pre>java -cp ... io.multilens.bench.Benchmarks CHECKPOINT_DIR [BASELINE_SCRIPT]</pre>
 */
public final class Benchmarks {

    static final String SPEC = "llama:8:512:1376:8:8:32000";
    static final int DOCS = 4;
    static final int TOKENS = 256;
    /** plnd's default qk_chunk. */
    static final int QK_CHUNK = 16;

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        Path script = args.length > 1 ? Path.of(args[1]) : null;
        Baseline baseline = null;
        if (script != null && Files.isRegularFile(script)) {
            System.out.println("PyTorch baseline (" + script + "):");
            baseline = Baseline.run(script, checkpoint, DOCS, TOKENS, Files.exists(checkpoint.resolve("config.json")) ? null : SPEC);
        }
        if (!Files.exists(checkpoint.resolve("config.json"))) {
            System.out.println("no checkpoint at " + checkpoint + " and no baseline to make one: " + SPEC + " is made by the baseline program");
            System.exit(2);
        }
        Thread.currentThread().setContextClassLoader(Engine.class.getClassLoader());
        java.util.List<String> targets = new java.util.ArrayList<>();
        System.out.println("multilens (DJL " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores):");
        try (LanguageModel model = new LlamaBackend().load(checkpoint, io.multilens.api.model.LoadOptions.of("cpu"));
             NDManager scratch = model.manager().newSubManager()) {
            int[][] docs = randomDocs(model.config().vocabSize());
            double matmul = Matmul.gflops(scratch);
            double rssStart = Measure.rssMib();
            Results r = new Results();
            r.forwardPerDoc = tokensPerS(() -> {
                for (int[] d : docs) {
                    model.logits(scratch, new int[][] {d}, Intervention.NONE).close();
                }
            });
            r.forwardBatched = tokensPerS(() -> model.logits(scratch, docs, Intervention.NONE).close());
            r.traceOnly = tokensPerS(trace(model, docs));
            r.peakForward = Measure.peakRssMib();
            r.plndNoQk = tokensPerS(plnd(model, docs, EnumSet.of(Structure.V, Structure.O, Structure.FFN)));
            r.peakNoQk = Measure.peakRssMib();
            r.plndAll = tokensPerS(plnd(model, docs, EnumSet.allOf(Structure.class)));
            r.peakAll = Measure.peakRssMib();
            r.plndAllBatched = tokensPerS(plnd(model, docs, EnumSet.allOf(Structure.class), DOCS));
            r.peakAllBatched = Measure.peakRssMib();
            r.flopsPerToken = flopsPerToken(model.config(), TOKENS);
            r.matmul = matmul;
            r.rssStart = rssStart;
            generation(model);
            r.print(baseline, model.config());
            targets.add(r.plndPasses());
            targets.add(ConditionSweep.run(model));
            StageSweep.run(model, docs);
        }
        FineTuneBenchmark.run(checkpoint);
        // the checks read these last lines: keep their wording
        System.out.printf("%ntargets, this run (%s):%n", System.getProperty("multilens.bench.cpu", "CPU named above"));
        // run.sh measures two processes on the same cores before this program starts (two JVMs at once)
        String sharedCores = System.getProperty("multilens.bench.shared-cores", "");
        if (!sharedCores.isBlank()) {
            System.out.println(sharedCores);
        }
        targets.forEach(System.out::println);
    }

    private static int[][] randomDocs(int vocab) {
        return randomDocs(vocab, DOCS, TOKENS);
    }

    /** {@code count} documents of {@code tokens} uniform random ids, the same in every run. */
    static int[][] randomDocs(int vocab, int count, int tokens) {
        Random random = new Random(0);
        int[][] docs = new int[count][tokens];
        for (int[] d : docs) {
            for (int i = 0; i < d.length; i++) {
                d[i] = random.nextInt(vocab);
            }
        }
        return docs;
    }

    private static double tokensPerS(Runnable body) {
        return DOCS * TOKENS / Measure.seconds(2, body);
    }

    /** The forward pass PLND rides on: all layers, probes called, no LM head, one document at a time. */
    private static Runnable trace(LanguageModel model, int[][] docs) {
        LayerProbe nothing = new LayerProbe() { };
        return () -> {
            for (int[] d : docs) {
                try (NDManager scope = model.manager().newSubManager()) {
                    model.trace(scope, new int[][] {d}, Intervention.NONE, nothing);
                }
            }
        };
    }

    /** PLND over the documents one at a time (as the baseline does), paper importances, results discarded. */
    private static Runnable plnd(LanguageModel model, int[][] docs, Set<Structure> structures) {
        return plnd(model, docs, structures, 1);
    }

    /** PLND over {@code docs}, {@code batch} documents per forward pass (the plnd step's batch_size; its default is 4). */
    private static Runnable plnd(LanguageModel model, int[][] docs, Set<Structure> structures, int batch) {
        ScoringProbe probe = new ScoringProbe(ScoreMode.PAPER.scorer(new WeightStats(model.config(), model::weights), QK_CHUNK),
                structures, new NeuronSpace(model.config(), (group, scores) -> { }));
        return () -> {
            for (int start = 0; start < docs.length; start += batch) {
                try (NDManager scope = model.manager().newSubManager()) {
                    model.trace(scope, java.util.Arrays.copyOfRange(docs, start, Math.min(docs.length, start + batch)),
                            Intervention.NONE, probe);
                }
            }
        };
    }

    /** Matrix-product FLOPs of one forward pass per token: projections, MLP, LM head and attention. */
    static double flopsPerToken(ModelConfig c, int tokens) {
        double h = c.hiddenSize();
        double perLayer = 2 * h * (c.qDim() + 2.0 * c.kvDim()) + 2.0 * c.qDim() * h + 2 * 3 * h * c.intermediateSize()
                + 2 * 2.0 * tokens * c.qDim();                                     // scores and context over T keys
        return c.numLayers() * perLayer + 2 * h * c.vocabSize();
    }

    private static void generation(LanguageModel model) {
        Random random = new Random(1);
        int[][] prompts = new int[4][32];
        for (int[] p : prompts) {
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextInt(model.config().vocabSize());
            }
        }
        GenerationOptions opts = new GenerationOptions(64, List.of(), false);
        double cached1 = 64 / Measure.seconds(2, () -> model.generateIds(new int[][] {prompts[0]}, opts, Intervention.NONE));
        double cached4 = 4 * 64 / Measure.seconds(2, () -> model.generateIds(prompts, opts, Intervention.NONE));
        double uncached1 = 64 / Measure.seconds(1, () -> model.generateIds(new int[][] {prompts[0]}, opts.withCache(false), Intervention.NONE));
        System.out.printf("%ngreedy generation, 32-token prompts, 64 new tokens:%n");
        System.out.printf("  KV cache, 1 prompt:   %8.1f new tokens/s%n", cached1);
        System.out.printf("  KV cache, 4 prompts:  %8.1f new tokens/s%n", cached4);
        System.out.printf("  no cache, 1 prompt:   %8.1f new tokens/s  (cache speed-up %.1fx)%n", uncached1, cached1 / uncached1);
    }

    /** The figures and how they compare. */
    private static final class Results {

        /** PLND with every structure as the plnd step runs it (4 documents a pass), in batched forward passes. */
        String plndPasses() {
            double passes = forwardBatched / plndAllBatched;
            return String.format("PLND all structures: %.2f forward passes (target <= 2.0) %s", passes, passes <= 2.0 ? "pass" : "FAIL");
        }

        double forwardPerDoc;
        double forwardBatched;
        double traceOnly;
        double plndNoQk;
        double plndAll;
        double plndAllBatched;
        double peakForward;
        double peakAllBatched;
        double peakNoQk;
        double peakAll;
        double flopsPerToken;
        double matmul;
        double rssStart;

        void print(Baseline b, ModelConfig c) {
            System.out.printf("%n%d documents x %d tokens, random checkpoint %s%n", DOCS, TOKENS, SPEC);
            System.out.printf("%-34s %12s %12s %8s%n", "", "multilens", "baseline", "ratio");
            row("forward tokens/s (one doc at a time)", forwardPerDoc, b == null ? Double.NaN : b.forwardTokensPerS());
            row("forward tokens/s (4 docs batched)", forwardBatched, b == null ? Double.NaN : b.forwardTokensPerS());
            row("forward + PLND all, tokens/s", plndAll, b == null ? Double.NaN : b.plndTokensPerS());
            row("forward + PLND all, 4 docs batched", plndAllBatched, b == null ? Double.NaN : b.plndTokensPerS());
            row("forward without LM head (PLND's pass)", traceOnly, Double.NaN);
            row("forward + PLND without q/k, tokens/s", plndNoQk, Double.NaN);
            System.out.printf("  PLND without q/k costs %.2fx the forward pass it rides on, %.2fx a full forward (target <= 1.2x)%n",
                    traceOnly / plndNoQk, forwardPerDoc / plndNoQk);
            if (b != null) {
                System.out.printf("  PLND all structures: %.2fx the baseline's plnd_tokens_per_s (target >= 2x)%n", plndAll / b.plndTokensPerS());
            }
            System.out.println("  " + plndPasses());
            double achieved = forwardBatched * flopsPerToken / 1e9;
            System.out.printf("%nforward pass: %.1f GFLOP/s achieved (%.1f MFLOP/token) = %.0f%% of the 1024x1024 matmul rate"
                    + " %.1f GFLOP/s (target >= 40%%), %s; the matmul itself reaches %s%n", achieved, flopsPerToken / 1e6,
                    100 * achieved / matmul, matmul, Peak.share(achieved), Peak.share(matmul));
            System.out.printf("%npeak resident memory (MiB): after forward %.0f, after PLND without q/k %.0f, after PLND all %.0f,"
                    + " after PLND all 4 docs batched %.0f (model loaded: %.0f)%n", peakForward, peakNoQk, peakAll, peakAllBatched,
                    rssStart);
            double blockRows = Math.max(32, TOKENS / 8);
            double qkChunk = 5.0 * 4 * c.numHeads() * QK_CHUNK * blockRows * TOKENS / (1 << 20);
            System.out.printf("  PLND all over forward: +%.0f MiB; one layer's q/k probability chunk: ~%.0f MiB%n",
                    peakAll - peakForward, qkChunk);
            if (b != null) {
                System.out.printf("  baseline peak RSS %.0f MiB (a Python process; the JVM's own footprint is not comparable)%n", b.peakRssMib());
            }
        }

        private static void row(String what, double ours, double theirs) {
            System.out.printf("%-34s %12.1f %12s %8s%n", what, ours, Double.isNaN(theirs) ? "" : String.format("%.1f", theirs),
                    Double.isNaN(theirs) ? "" : String.format("%.2fx", ours / theirs));
        }
    }
}
