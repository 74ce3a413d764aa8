package io.multilens.eval.perplexity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multilens.api.status.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ConcurrentPasses without a model: order, concurrency, failures, cancellation. */
class ConcurrentPassesTest {

    /**
     * Passes 0, 1 and 2 each wait until all three are running (so three are in flight at once),
     * pass 2 last to finish: results still come in pass order, and never more than
     * {@code threads} passes run at once.
     */
    @Test
    void resultsComeInPassOrderWithThreadsPassesInFlight() {
        CyclicBarrier firstThree = new CyclicBarrier(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> taken = new ArrayList<>();
        ConcurrentPasses.run(3, 10, i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (i < 3) {
                    firstThree.await(10, TimeUnit.SECONDS);         // times out unless three run at once
                }
                if (i == 0) {
                    Thread.sleep(50);                               // finishes after passes 1 and 2
                }
                return i * 10;
            } catch (Exception e) {
                throw new IllegalStateException("passes 0-2 were not in flight together", e);
            } finally {
                running.decrementAndGet();
            }
        }, () -> false, (index, result) -> {
            assertEquals(index * 10, result);
            taken.add(index);
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), taken);
        assertEquals(3, most.get());
    }

    /** A pass's failure is rethrown as it was thrown. */
    @Test
    void aPassFailureIsRethrownItself() {
        StepFailure boom = new StepFailure("pass 3 failed");
        StepFailure thrown = assertThrows(StepFailure.class, () -> ConcurrentPasses.run(2, 6, i -> {
            if (i == 3) {
                throw boom;
            }
            return i;
        }, () -> false, (index, result) -> { }));
        assertSame(boom, thrown);
    }

    /** When taking a result fails, the call returns only after the pass still in flight has ended. */
    @Test
    void aFailedTakeWaitsForThePassInFlight() {
        AtomicBoolean slowPassEnded = new AtomicBoolean();
        assertThrows(IllegalStateException.class, () -> ConcurrentPasses.run(2, 4, i -> {
            if (i == 1) {
                sleep(300);
                slowPassEnded.set(true);
            }
            return i;
        }, () -> false, (index, result) -> {
            throw new IllegalStateException("the first result is bad");
        }));
        assertTrue(slowPassEnded.get(), "pass 1 ended before run returned");
    }

    /** Cancelled after two results: "stopped by the user", and no pass starts after that. */
    @Test
    void cancellingStopsBeforeTheNextPass() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        StepFailure f = assertThrows(StepFailure.class, () -> ConcurrentPasses.run(2, 20, i -> {
            started.incrementAndGet();
            return i;
        }, () -> taken.get() >= 2, (index, result) -> taken.incrementAndGet()));
        assertEquals("stopped by the user", f.getMessage());
        assertTrue(started.get() <= 4, "at most the passes in flight when it was cancelled ran: " + started.get());
    }

    /** One thread: every pass on the caller's thread. */
    @Test
    void oneThreadRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        List<Thread> threads = new ArrayList<>();
        ConcurrentPasses.run(1, 3, i -> {
            threads.add(Thread.currentThread());
            return i;
        }, () -> false, (index, result) -> { });
        assertEquals(List.of(caller, caller, caller), threads);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
