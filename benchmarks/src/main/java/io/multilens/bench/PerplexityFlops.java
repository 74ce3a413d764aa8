package io.multilens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multilens.api.model.ModelConfig;
import io.multilens.model.llama.LlamaBackend;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The arithmetic an eval.perplexity step did and its rate against the FMA peak, for
 * benchmarks/quickstart.sh:
 *
 * <pre>java ... PerplexityFlops STEP_DIR CHECKPOINT_DIR SECONDS</pre>
 *
 * Every (document, condition) row of the step's documents.json is one forward pass over the
 * document's predicted tokens plus its first, at {@link Benchmarks#flopsPerToken} for that length
 * (attention dense under the causal mask, as the backend computes it).
 */
public final class PerplexityFlops {

    private PerplexityFlops() {
    }

    public static void main(String[] args) throws Exception {
        Path step = Path.of(args[0]);
        ModelConfig config = new LlamaBackend().config(Path.of(args[1]));
        double seconds = Double.parseDouble(args[2]);
        JsonNode languages = new ObjectMapper().readTree(step.resolve("documents.json").toFile()).get("languages");
        double rows = 0;
        double flops = 0;
        for (JsonNode scores : languages) {
            int conditions = scores.get("nll").size();
            for (JsonNode predicted : scores.get("tokens")) {
                int tokens = predicted.asInt() + 1;
                rows += (double) tokens * conditions;
                flops += (double) tokens * conditions * Benchmarks.flopsPerToken(config, tokens);
            }
        }
        double gflops = flops / seconds / 1e9;
        System.out.printf(Locale.ROOT, "perplexity step: %.2f M token-rows, %.1f TFLOP in %.1f s = %.1f GFLOP/s = %s%n",
                rows / 1e6, flops / 1e12, seconds, gflops, Peak.share(gflops));
    }
}
