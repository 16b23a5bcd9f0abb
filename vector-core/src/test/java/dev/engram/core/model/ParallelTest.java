package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#run}: every chunk exactly once and all of them done when it returns, whatever the thread count;
 * a failure in a chunk is thrown after the others; and a helper that is held up does not hold up the caller for
 * more than the chunk it is in (the others of its share are taken by the caller).
 */
class ParallelTest {
    static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void everyChunkRunsOnceAndIsDoneOnReturn() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            for (int chunks : new int[] {0, 1, 2, 3, 17, 1000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, chunks));
                int tasks = Parallel.tasks(threads, chunks);
                boolean[] badTask = new boolean[1];
                for (int repeat = 0; repeat < 50; repeat++) {
                    Parallel.run(threads, chunks, (task, chunk) -> {
                        if (task < 0 || task >= tasks) {
                            badTask[0] = true;
                        }
                        runs.incrementAndGet(chunk);
                    });
                }
                for (int c = 0; c < chunks; c++) {
                    assertEquals(50, runs.get(c), "chunk " + c + " of " + chunks + " on " + threads + " threads");
                }
                assertTrue(!badTask[0], "a task index outside [0, " + tasks + ")");
            }
        }
    }

    @Test
    void aFailureIsThrownAfterTheOtherChunks() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Parallel.run(2, 64, (task, c) -> {
            if (c == 5) {
                throw boom;
            }
            runs.incrementAndGet(c);
        }));
        assertSame(boom, thrown);
        // later jobs are not affected
        Parallel.run(2, 64, (task, c) -> runs.incrementAndGet(c));
        for (int c = 0; c < 64; c++) {
            assertTrue(runs.get(c) >= 1, "chunk " + c);
        }
    }

    @Test
    void theCallerTakesTheChunksOfAHelperThatIsHeldUp() {
        assumeTrue(CORES >= 2, "one core: there is no helper");
        int chunks = 40;
        int[] byTask = new int[2];
        Parallel.run(2, chunks, (task, c) -> {
            if (task == 1) {
                try {
                    Thread.sleep(200);   // a helper descheduled for a long time, once
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (byTask) {
                byTask[task]++;
            }
        });
        assertEquals(chunks, byTask[0] + byTask[1]);
        // dealt chunks alone would leave 20 to the helper; it can have begun one or two before the caller took the rest
        assertTrue(byTask[1] <= 2, "the held-up helper did " + byTask[1] + " chunks");
    }
}
