package io.multilens.eval.perplexity;

import io.multilens.api.status.StepFailure;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * Forward passes run on up to {@code threads} threads at once, their results taken on the
 * caller's thread in the order of the passes. A small model's pass is hundreds of operations of
 * microseconds each, too small for PyTorch to keep every core busy inside one of them; a second
 * pass fills the gaps (the quickstart's perplexity step: 1.2x, docs/results.md). A pass's
 * result does not depend on the thread that ran it, so the results are those of one pass after
 * another. With one thread each pass runs on the caller's thread, as a plain loop would.
 */
final class ConcurrentPasses {

    /** What the caller does with pass {@code index}'s result, in pass order. */
    interface Take<T> {
        void accept(int index, T result);
    }

    private ConcurrentPasses() {
    }

    /**
     * Runs passes 0..count-1 ({@code pass}), at most {@code threads} in flight, and hands each
     * result to {@code take} in order. {@code cancelled} is asked before each pass starts: true
     * stops the run ("stopped by the user"). A pass's exception is rethrown here as it was
     * thrown, after every pass in flight has ended, so none outlives the call.
     */
    static <T> void run(int threads, int count, IntFunction<T> pass, BooleanSupplier cancelled, Take<T> take) {
        if (threads <= 1 || count <= 1) {
            for (int i = 0; i < count; i++) {
                stopIf(cancelled);
                take.accept(i, pass.apply(i));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "multilens-pass");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<T>> inFlight = new ArrayDeque<>();
        int next = 0;
        try {
            for (int done = 0; done < count; done++) {
                while (next < count && inFlight.size() < threads) {
                    stopIf(cancelled);
                    int i = next++;
                    inFlight.add(pool.submit(() -> pass.apply(i)));
                }
                take.accept(done, result(inFlight.poll()));
            }
        } finally {
            pool.shutdown();                      // never an interrupt: a pass may be in NIO reading weights
            awaitQuietly(pool);
        }
    }

    private static void stopIf(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new StepFailure("stopped by the user");
        }
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("stopped by the user", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A pass in native code cannot be interrupted: wait for it, so the model is not closed under it. */
    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
