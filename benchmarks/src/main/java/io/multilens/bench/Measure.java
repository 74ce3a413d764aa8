package io.multilens.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Timing and memory readings shared by the benchmarks. */
final class Measure {

    private Measure() {
    }

    /** Best-of-{@code repeats} seconds of {@code body}, after one warm-up run. */
    static double seconds(int repeats, Runnable body) {
        body.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /** The process's peak resident memory so far (VmHWM), in MiB. */
    static double peakRssMib() {
        return statusKib("VmHWM") / 1024.0;
    }

    /** The process's resident memory now (VmRSS), in MiB. */
    static double rssMib() {
        return statusKib("VmRSS") / 1024.0;
    }

    private static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux: no reading
        }
        return -1;
    }
}
