package io.multilens.train;

/** Linear warm-up to the peak rate, then cosine decay to {@code minRatio} of it at the last step. */
public record LrSchedule(double peak, long warmup, long total, double minRatio) {

    public double at(long step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
