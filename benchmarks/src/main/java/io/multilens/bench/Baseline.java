package io.multilens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PyTorch baseline program (shared/bench/plnd_torch_baseline.py), run in the same benchmark
 * session so both sides are measured on the same machine state. Its own note says it is sometimes
 * faster with 1 thread than 2 on two cores, so both are run and the better figure kept.
 */
record Baseline(double forwardTokensPerS, double plndTokensPerS, double peakRssMib, String version) {

    /** The system Python, which has Debian's torch; MULTILENS_BASELINE_PYTHON overrides it. */
    private static String python() {
        String env = System.getenv("MULTILENS_BASELINE_PYTHON");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return java.nio.file.Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static Baseline run(Path script, Path checkpoint, int docs, int tokens, String randomSpec) throws IOException, InterruptedException {
        Baseline best = null;
        for (int threads : new int[] {1, 2}) {
            List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), checkpoint.toString(),
                    "--docs", String.valueOf(docs), "--tokens", String.valueOf(tokens), "--threads", String.valueOf(threads)));
            if (randomSpec != null && best == null) {
                cmd.addAll(List.of("--random-checkpoint", randomSpec));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("baseline failed: " + out.strip());
            }
            String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
            JsonNode j = new ObjectMapper().readTree(last);
            Baseline b = new Baseline(j.path("forward_tokens_per_s").asDouble(), j.path("plnd_tokens_per_s").asDouble(),
                    j.path("peak_rss_mib").asDouble(), j.path("baseline").asText() + " threads=" + threads);
            System.out.println("  baseline, " + threads + " thread(s): " + last);
            best = best == null ? b : new Baseline(Math.max(best.forwardTokensPerS, b.forwardTokensPerS),
                    Math.max(best.plndTokensPerS, b.plndTokensPerS), Math.min(best.peakRssMib, b.peakRssMib), j.path("baseline").asText());
        }
        return best;
    }
}
