package io.multilens.kit;

import ai.djl.ndarray.NDArray;
import io.multilens.api.model.ModelDtype;
import io.multilens.api.status.ProgressSink;
import io.multilens.api.status.Progress;
import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The tensors a model needs, registered first (so their memory can be estimated before anything
 * is allocated), then loaded several at a time with progress in bytes.
 */
public final class LoadJobs {

    /** One tensor to load; {@link #get} after {@link LoadJobs#run}. */
    public static final class Job<T> {
        public final String name;
        public final long[] shape;
        public final boolean matrix;
        private final Function<WeightLoader, T> load;
        private volatile T value;

        private Job(String name, long[] shape, boolean matrix, Function<WeightLoader, T> load) {
            this.name = name;
            this.shape = shape;
            this.matrix = matrix;
            this.load = load;
        }

        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        public T get() {
            if (value == null) {
                throw new IllegalStateException(name + " was not loaded");
            }
            return value;
        }
    }

    private final List<Job<?>> jobs = new ArrayList<>();

    public Job<StoredWeight> matrix(String name, long... shape) {
        return add(new Job<>(name, shape, true, l -> l.matrix(name, shape)));
    }

    public Job<NDArray> vector(String name, long... shape) {
        return add(new Job<>(name, shape, false, l -> l.vector(name, shape)));
    }

    private <T> Job<T> add(Job<T> job) {
        jobs.add(job);
        return job;
    }

    public List<Job<?>> all() {
        return List.copyOf(jobs);
    }

    /**
     * Every registered tensor is in the checkpoint with the shape config.json implies: checked from
     * the headers before the memory estimate, so a config that does not fit its weights is named
     * as such instead of being refused for a memory size it never needed.
     */
    public void requireInHeaders(Checkpoint checkpoint) {
        for (Job<?> job : jobs) {
            checkpoint.entry(job.name, job.shape);
        }
    }

    /** Bytes the loaded tensors occupy when matrices are kept in {@code dtype} (gains and biases in float32). */
    public long storedBytes(ModelDtype dtype) {
        return jobs.stream().mapToLong(j -> j.elements() * (j.matrix ? dtype.bytes() : 4)).sum();
    }

    /**
     * Loads every tensor on {@code threads} threads (the engine's memory allocation and the file
     * decoding both run in parallel), advancing {@code progress} by each tensor's bytes.
     */
    public void run(WeightLoader loader, ProgressSink progress, int threads, String what) {
        long total = storedBytes(loader.dtype());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "multilens-load");
            t.setDaemon(true);
            return t;
        });
        RuntimeException failure = null;
        try (Progress p = progress.start("loading " + what + " (" + jobs.size() + " tensors, bytes)", total)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Job<?> job : jobs) {
                futures.add(pool.submit(() -> {
                    DjlContext.run(() -> fill(job, loader));
                    p.advance(job.elements() * (job.matrix ? loader.dtype().bytes() : 4));
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new StepFailure("loading " + what + " failed: " + e.getCause(), e.getCause());
                        // tensors not started yet are not loaded; those running are waited for below
                        futures.forEach(other -> other.cancel(false));
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // cancelled after the first failure
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new StepFailure("loading " + what + " was interrupted", e);
        } finally {
            // the caller frees the engine's memory on failure: no loader may still be writing into it
            pool.shutdown();
            try {
                if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)) {
                    throw new IllegalStateException("loading " + what + ": loader threads did not finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static <T> void fill(Job<T> job, WeightLoader loader) {
        job.value = job.load.apply(loader);
    }
}
