package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Recall from several threads on a model that is not frozen while one thread stores: every call works (until
 * frozen, recall takes the lock that learning holds), and once the writer is done the answers are those of a
 * model that was never shared. Before the lock, stored dams and hopfield's pattern form threw
 * ArrayIndexOutOfBoundsException in a few of every ten thousand calls.
 */
class RecallWhileLearningTest {
    static final int N = 70;
    static final int PATTERNS = 80;
    static final int READERS = 3;

    static List<Map<String, Object>> bipolarModels() {
        return List.of(Map.of("model", "dam", "mode", "stored", "recall", "sync"),
                Map.of("model", "dam", "mode", "stored", "recall", "async", "interaction", "exponential"),
                Map.of("model", "hopfield", "recall", "async"),
                Map.of("model", "hopfield", "rule", "storkey", "recall", "sync"),
                Map.of("model", "hopfield", "rule", "pseudoinverse", "recall", "sync"));
    }

    @Test
    void bipolarRecallWhileAnotherThreadStoresNeverFails() throws Exception {
        List<BipolarPattern> ps = TestModels.randomPatterns(PATTERNS, N, 21);
        for (Map<String, Object> spec : bipolarModels()) {
            Map<String, Object> params = new java.util.HashMap<>(spec);
            String name = (String) params.remove("model");
            int count = name.equals("hopfield") && !"hebbian".equals(params.getOrDefault("rule", "hebbian")) ? 25 : PATTERNS;
            BipolarMemory shared = (BipolarMemory) TestModels.create(name, N, 5L, params);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < READERS; t++) {
                long seed = t;
                Thread r = new Thread(() -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    RecallWorkspace ws = shared.newWorkspace();   // made before most patterns exist: must grow
                    long[] out = new long[BipolarPattern.wordsFor(N)];
                    try {
                        start.await();
                        while (!done.get()) {
                            shared.recallInto(BipolarPattern.random(N, rng).words(), out, null, ws);
                            shared.energy(BipolarPattern.random(N, rng));
                            shared.fields(BipolarPattern.random(N, rng), dev.engram.api.NeuronMask.all(N), new float[N]);
                            calls.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                r.start();
                readers.add(r);
            }
            start.countDown();
            for (int i = 0; i < count; i++) {
                int before = calls.get();
                shared.store(ps.get(i));
                // let the readers in between stores (at most 5 ms), so that recall and growth interleave
                long until = System.nanoTime() + 5_000_000L;
                while (calls.get() == before && System.nanoTime() < until && failures.isEmpty()) {
                    Thread.onSpinWait();
                }
            }
            done.set(true);
            for (Thread r : readers) {
                r.join();
            }
            assertTrue(failures.isEmpty(), name + " " + params + ": " + failures.peek());
            assertTrue(calls.get() > 0, "the readers ran");
            // the same answers as a model that was never shared
            BipolarMemory alone = (BipolarMemory) TestModels.create(name, N, 5L, params);
            alone.storeAll(ps.subList(0, count));
            shared.freeze();
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = 0; i < 20; i++) {
                BipolarPattern probe = ps.get(i % count).corrupt(0.1, rng);
                assertEquals(alone.recall(probe).state(), shared.recall(probe).state(), name + " " + params);
            }
        }
    }

    @Test
    void modernRecallWhileAnotherThreadStoresNeverFails() throws Exception {
        List<BipolarPattern> ps = TestModels.randomPatterns(PATTERNS, N, 22);
        RealMemory shared = (RealMemory) TestModels.create("modern", N, 5L, Map.of("beta", 0.2));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < READERS; t++) {
            long seed = t;
            Thread r = new Thread(() -> {
                SplittableRandom rng = new SplittableRandom(seed);
                try {
                    while (!done.get()) {
                        shared.recall(BipolarPattern.random(N, rng).toRealVector());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            r.start();
            readers.add(r);
        }
        for (int i = 0; i < PATTERNS; i++) {
            // a real-valued pattern halfway through switches the storage from bits to floats
            shared.store(i == PATTERNS / 2 ? RealVector.of(new float[N]) : ps.get(i).toRealVector());
        }
        done.set(true);
        for (Thread r : readers) {
            r.join();
        }
        assertTrue(failures.isEmpty(), String.valueOf(failures.peek()));
        assertEquals(PATTERNS, shared.size());
    }
}
