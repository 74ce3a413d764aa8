package io.multilens.bench;

/**
 * The float32 FMA peak of the threads a benchmark uses, as benchmarks/machine.sh computed it from
 * the CPU (exported as MULTILENS_PEAK_GFLOPS); NaN when a benchmark runs without the script.
 */
final class Peak {

    private Peak() {
    }

    static double gflops() {
        String value = System.getenv("MULTILENS_PEAK_GFLOPS");
        try {
            double peak = value == null || value.isBlank() ? Double.NaN : Double.parseDouble(value.trim());
            return peak > 0 ? peak : Double.NaN;                    // 0: the script found no clock
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** "N% of the FMA peak" or a note that the peak is unknown. */
    static String share(double gflops) {
        double peak = gflops();
        return Double.isNaN(peak) ? "peak unknown (run through benchmarks/machine.sh)"
                : String.format("%.0f%% of the %.1f GFLOP/s FMA peak", 100 * gflops / peak, peak);
    }
}
