package io.multilens.workflow.run;

import io.multilens.api.status.Progress;
import java.util.function.Consumer;

/**
 * Prints a task's progress at most every two seconds, with its rate and time left, and once
 * more when it ends.
 */
final class ConsoleProgress implements Progress {

    private static final long PRINT_EVERY_NANOS = 2_000_000_000L;

    private final String label;
    private final long total;
    private final Consumer<String> out;
    private final long start = System.nanoTime();
    private long done;
    private long lastPrint = start;
    private String status = "";

    ConsoleProgress(String label, long total, Consumer<String> out) {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    @Override
    public synchronized void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastPrint >= PRINT_EVERY_NANOS) {
            lastPrint = now;
            out.accept(line(now));
        }
    }

    @Override
    public synchronized void status(String text) {
        status = text == null ? "" : text;
    }

    @Override
    public synchronized void close() {
        out.accept(line(System.nanoTime()) + " done");
    }

    private String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        StringBuilder s = new StringBuilder("  ").append(label).append(": ").append(done);
        if (total > 0) {
            s.append('/').append(total).append(String.format(" (%.0f%%)", 100.0 * done / total));
        }
        s.append(String.format(", %.1f/s", rate));
        if (total > 0 && rate > 0 && done < total) {
            s.append(", ").append(clock((total - done) / rate)).append(" left");
        } else {
            s.append(", ").append(clock(seconds)).append(" elapsed");
        }
        if (!status.isEmpty()) {
            s.append(", ").append(status);
        }
        return s.toString();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
