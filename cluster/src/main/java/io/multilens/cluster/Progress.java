package io.multilens.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * The driver's progress lines, which the workflow engine relays into the run log: shards done of
 * the total, every failed attempt that Spark retries (with its host and reason), and at the end
 * each host's shards and seconds.
 */
final class Progress extends SparkListener {

    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final Map<String, double[]> byHost = new TreeMap<>();
    /** The last failed attempt: which shard, where, why. */
    private volatile String lastFailure;

    Progress(int total) {
        this.total = total;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        TaskInfo task = end.taskInfo();
        int shard = task.index();
        TaskEndReason reason = end.reason();
        double seconds = task.duration() / 1000.0;
        if (reason == Success$.MODULE$ || reason instanceof org.apache.spark.Success$) {
            synchronized (byHost) {
                double[] h = byHost.computeIfAbsent("executor " + task.executorId() + " on " + task.host(), k -> new double[2]);
                h[0]++;
                h[1] += seconds;
            }
            say(String.format("shard %d done on %s (executor %s) in %.1f s (%d/%d)", shard, task.host(), task.executorId(), seconds,
                    done.incrementAndGet(), total));
        } else if (reason instanceof org.apache.spark.TaskKilled) {
            // Spark stopping the other tasks of a job it gave up on: not a failure of theirs
            return;
        } else {
            lastFailure = "shard " + shard + " failed (attempt " + (task.attemptNumber() + 1) + ", the last Spark makes) on "
                    + task.host() + ": " + describe(reason);
            say("shard " + shard + " attempt " + (task.attemptNumber() + 1) + " failed on " + task.host() + " (executor "
                    + task.executorId() + "): " + describe(reason)
                    + "; Spark retries it");
        }
    }

    /** What failed last, for a job that Spark gave up on; empty before any failure. */
    java.util.Optional<String> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    static String describe(TaskEndReason reason) {
        String text = reason instanceof ExceptionFailure f ? f.description() : reason.toString();
        return text == null ? "unknown" : text.lines().findFirst().orElse(text);
    }

    void summary() {
        synchronized (byHost) {
            byHost.forEach((host, h) -> say(String.format("%s: %d shards, %.1f s of tasks (%.2f shards/min)",
                    host, (int) h[0], h[1], h[1] == 0 ? 0 : 60 * h[0] / h[1])));
        }
    }

    static void say(String line) {
        System.out.println("cluster: " + line);
        System.out.flush();
    }
}
