package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RealMemory;
import dev.engram.api.RecallWorkspace;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded user's promise: after warm-up, one recall through a workspace allocates nothing (issue 20), measured
 * with the thread's allocation counter ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}), on the
 * scalar kernels and on the ones the registry selects (Panama where it runs).
 */
class RecallAllocationTest {
    static final int N = 1024;

    static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    static long perRecall(Runnable oneRecall) {
        return perRecall(oneRecall, 3_000);
    }

    /**
     * Bytes per recall over 1000 recalls after {@code warmUp} of them. The Panama kernels need the longer warm-up:
     * until C2 has compiled a kernel, its vectors are objects (1.4-19 KB per recall after 3,000 recalls, none after
     * 30,000).
     */
    static long perRecall(Runnable oneRecall, int warmUp) {
        return perRecall(oneRecall, warmUp, 1000);
    }

    /** Recalls of warm-up for a backend: the scalar kernels 3,000, the Panama kernels 30,000 (see above). */
    static int warmUpFor(dev.engram.api.kernel.Kernels k) {
        return k.getClass() == dev.engram.core.kernel.ScalarKernels.class ? 3_000 : 30_000;
    }

    /** Warm-up and measurement go on, while not clean, for at least two rounds and this long. */
    static final long ROUNDS_NANOS = 10_000_000_000L;

    /**
     * Bytes per call over {@code calls} calls after {@code warmUp} of them. Where that is not yet clean, another
     * {@code warmUp} calls and another measurement follow, for at least two rounds and up to
     * {@link #ROUNDS_NANOS}, and the last measurement counts. When C2 has compiled a Panama kernel depends on the
     * machine and its load, not on a call count: a batch of 32 probes takes about 0.1 ms here, so 1,000 batches of
     * warm-up are 0.1 s, and on one CI machine that once left the ±1 modern batch at 535 KB a batch (boxed vectors
     * of a kernel not compiled yet). An allocation that recall really makes stays in every round and fails the test.
     */
    static long perRecall(Runnable oneRecall, int warmUp, int calls) {
        return perRecall(oneRecall, warmUp, calls, 16);
    }

    /**
     * As {@link #perRecall(Runnable, int, int)}, where fewer than {@code clean} bytes per call count as clean: a
     * caller that tolerates a few fixed bytes per call (a training step's bookkeeping) stops after two rounds
     * instead of repeating for {@link #ROUNDS_NANOS}.
     */
    static long perRecall(Runnable oneRecall, int warmUp, int calls, long clean) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        long start = System.nanoTime();
        long perCall = Long.MAX_VALUE;
        for (int round = 0; perCall >= clean && (round < 2 || System.nanoTime() - start < ROUNDS_NANOS); round++) {
            for (int i = 0; i < warmUp; i++) {
                oneRecall.run();            // warm-up: classes loaded, lazy buffers made, the hot loops compiled
            }
            long calibration = allocatedBy(() -> { });
            long bytes = allocatedBy(() -> {
                for (int i = 0; i < calls; i++) {
                    oneRecall.run();
                }
            });
            perCall = (bytes - calibration) / calls;
        }
        return perCall;
    }

    /**
     * Less than 16 bytes per recall on average over 1000: no object is allocated per call (the smallest object has
     * 16 bytes), while a one-off allocation during the measurement (a buffer of the runtime) is tolerated.
     */
    static void assertNothingPerRecall(long bytesPerRecall, String what) {
        assertTrue(bytesPerRecall < 16, what + ": " + bytesPerRecall + " bytes per recall");
    }

    /** The scalar kernels and the selected ones (Panama where it runs). */
    static List<dev.engram.api.kernel.Kernels> backends() {
        return List.of(dev.engram.core.kernel.ScalarKernels.INSTANCE, TestModels.selected());
    }

    /**
     * Hopfield and the stored dam on the scalar kernels and on the selected ones. (Before its four-row dot kernel
     * was rewritten, the Panama dam allocated about 100 KB per recall in the latency benchmark and in a standalone
     * program, however long the warm-up; in this test's JVM C2 did not box those vectors, so this test does not
     * show that regression: ConcurrentRecallLatencyBench with {@code -prof gc} does.)
     */
    @Test
    void bipolarRecallThroughAWorkspaceAllocatesNothing() {
        record Case(String name, int k, dev.engram.api.kernel.Kernels kernels, Map<String, ?> params) {
        }
        dev.engram.api.kernel.Kernels scalar = dev.engram.core.kernel.ScalarKernels.INSTANCE;
        List<Case> cases = new java.util.ArrayList<>(List.of(new Case("hopfield", 40, scalar, Map.of()),
                new Case("dam", 100, scalar, Map.of("mode", "stored", "recall", "sync"))));
        // the exact class: PanamaKernels extends ScalarKernels (its scalar reference for short inputs)
        if (TestModels.selected().getClass() != dev.engram.core.kernel.ScalarKernels.class) {
            cases.add(new Case("hopfield", 40, TestModels.selected(), Map.of()));
            cases.add(new Case("dam", 40, TestModels.selected(), Map.of("mode", "stored", "recall", "sync")));
            cases.add(new Case("dam", 40, TestModels.selected(), Map.of("mode", "stored", "recall", "async")));
            cases.add(new Case("dam", 1000, TestModels.selected(), Map.of("mode", "stored", "recall", "sync")));
        }
        for (Case c : cases) {
            List<BipolarPattern> ps = TestModels.randomPatterns(c.k(), N, 7);
            BipolarMemory m = (BipolarMemory) TestModels.create(c.name(), N, 3L, c.kernels(), c.params());
            m.storeAll(ps);
            m.freeze();
            RecallWorkspace ws = m.newWorkspace();
            // a tenth of the components flipped, as the latency benchmark's probes: recall takes several steps
            long[] probe = ps.get(0).flipRandom(N / 10, new java.util.SplittableRandom(5)).words();
            long[] out = new long[probe.length];
            int warmUp = warmUpFor(c.kernels());
            assertNothingPerRecall(perRecall(() -> m.recallInto(probe, out, null, ws), warmUp),
                    c.name() + " (K = " + c.k() + ", " + c.params() + ") on " + c.kernels().getClass().getSimpleName());
        }
    }

    @Test
    void modernRecallThroughAWorkspaceAllocatesNothing() {
        for (dev.engram.api.kernel.Kernels k : backends()) {
            RealMemory m = (RealMemory) TestModels.create("modern", N, 3L, k, Map.of());
            for (BipolarPattern p : TestModels.randomPatterns(200, N, 8)) {
                m.store(p.toRealVector());
            }
            m.freeze();
            RecallWorkspace ws = m.newWorkspace();
            float[] probe = TestModels.randomPatterns(1, N, 9).get(0).toRealVector().toArray();
            float[] out = new float[N];
            int warmUp = warmUpFor(k);
            assertNothingPerRecall(perRecall(() -> m.recallInto(probe, out, ws), warmUp), "modern on " + k.getClass().getSimpleName());
        }
    }

    /**
     * A noisy ±1 cue (not ternary: float scores against the packed rows, then the vector exponentials) at N = 128,
     * K = 1000 allocates nothing either; the ±1 cue above takes the popcount path instead. (With 8-lane vectors a
     * standalone timing loop showed C2 boxing the exponentials' accumulator for its lane sum, 64 bytes per
     * 2048-row block; in this test's JVM, with the code before that fix and {@code -XX:MaxVectorSize=32}, it did
     * not, so this test does not show that regression, only allocations that happen in every JVM.)
     */
    @Test
    void aNoisyModernCueAllocatesNothing() {
        int n = 128;
        for (dev.engram.api.kernel.Kernels k : backends()) {
            RealMemory m = (RealMemory) TestModels.create("modern", n, 3L, k, Map.of());
            List<BipolarPattern> ps = TestModels.randomPatterns(1000, n, 8);
            for (BipolarPattern p : ps) {
                m.store(p.toRealVector());
            }
            m.freeze();
            RecallWorkspace ws = m.newWorkspace();
            float[] probe = ps.get(0).toRealVector().toArray();
            java.util.SplittableRandom r = new java.util.SplittableRandom(6);
            for (int i = 0; i < n; i++) {
                probe[i] += (float) (0.3 * r.nextGaussian());
            }
            float[] out = new float[n];
            int warmUp = warmUpFor(k);
            assertNothingPerRecall(perRecall(() -> m.recallInto(probe, out, ws), warmUp),
                    "noisy modern cue on " + k.getClass().getSimpleName());
        }
    }

    /**
     * One probe against Gaussian (float) patterns, N = 128, K = 1000 and N = 100, K = 333: the float step
     * ({@code softmaxCombine}) allocates nothing. Until its block loops were split into methods of their own, C2
     * left their Vector API calls un-inlined and every vector was an object (30 KB a step at N = 128, K = 10⁴).
     */
    @Test
    void aModernStepOnFloatPatternsAllocatesNothing() {
        for (dev.engram.api.kernel.Kernels k : backends()) {
            for (int[] size : new int[][] {{128, 1000}, {100, 333}}) {
                int n = size[0];
                RealMemory m = (RealMemory) TestModels.create("modern", n, 3L, k, Map.of());
                java.util.SplittableRandom g = new java.util.SplittableRandom(11);
                float[] first = null;
                for (int mu = 0; mu < size[1]; mu++) {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) g.nextGaussian();
                    }
                    first = first == null ? v.clone() : first;
                    m.store(dev.engram.api.RealVector.of(v));
                }
                m.freeze();
                RecallWorkspace ws = m.newWorkspace();
                float[] probe = first;
                for (int i = 0; i < n; i += 10) {
                    probe[i] = 0f;
                }
                float[] out = new float[n];
                int warmUp = warmUpFor(k);
                assertNothingPerRecall(perRecall(() -> m.recallInto(probe, out, ws), warmUp),
                        "modern step on Gaussian patterns, N = " + n + ", K = " + size[1] + ", on "
                                + k.getClass().getSimpleName());
            }
        }
    }

    /**
     * {@code softmax} (the key-value memory's read and write) and {@code logSumExp} (the energy) at lengths of a few
     * vectors allocate nothing. With two exponentials inlined per loop iteration C2 boxed their vectors (0.3–1.2 KB
     * a call at length 50–100).
     */
    @Test
    void softmaxAndLogSumExpAllocateNothing() {
        for (dev.engram.api.kernel.Kernels k : backends()) {
            for (int len : new int[] {50, 100, 1000}) {
                float[] x = new float[len];
                java.util.SplittableRandom r = new java.util.SplittableRandom(len);
                for (int i = 0; i < len; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                float[] out = new float[len];
                float[] sink = new float[1];
                String what = " of " + len + " on " + k.getClass().getSimpleName();
                assertNothingPerRecall(perRecall(() -> sink[0] += k.softmax(1f, x, 0, out, 0, len), 30_000),
                        "softmax" + what);
                assertNothingPerRecall(perRecall(() -> sink[0] += k.logSumExp(1f, x, 0, len), 30_000),
                        "logSumExp" + what);
            }
        }
    }

    /**
     * A batch through {@code recallBatch} allocates nothing either, once its scratch has grown (32 probes a batch,
     * N = 256, 300 batches after 1000 of warm-up): the stored dam's sync block path, hopfield's fields from W, and
     * modern with ±1 and with Gaussian patterns, on both backends.
     */
    @Test
    void aBatchThroughRecallBatchAllocatesNothing() {
        int p = 32;
        for (dev.engram.api.kernel.Kernels k : backends()) {
            for (String name : new String[] {"dam", "hopfield"}) {
                int n = 256;
                int kk = name.equals("dam") ? 40 : 80;   // hopfield: more than N/4 patterns, so fields from W
                Map<String, ?> params = name.equals("dam") ? Map.of("mode", "stored", "recall", "sync") : Map.of();
                List<BipolarPattern> ps = TestModels.randomPatterns(kk, n, 7);
                BipolarMemory m = (BipolarMemory) TestModels.create(name, n, 3L, k, params);
                m.storeAll(ps);
                m.freeze();
                int words = BipolarPattern.wordsFor(n);
                long[] probes = new long[p * words];
                java.util.SplittableRandom r = new java.util.SplittableRandom(5);
                for (int j = 0; j < p; j++) {
                    ps.get(j % kk).flipRandom(n / 10, r).copyWordsTo(probes, j * words);
                }
                long[] out = new long[probes.length];
                RecallWorkspace ws = m.newWorkspace();
                assertNothingPerRecall(perRecall(() -> m.recallBatch(probes, 0, p, out, 0, null, ws), 1_000, 300),
                        name + " recallBatch of " + p + " on " + k.getClass().getSimpleName());
            }
            for (boolean gaussian : new boolean[] {false, true}) {
                int n = 256;
                RealMemory m = (RealMemory) TestModels.create("modern", n, 3L, k, Map.of());
                java.util.SplittableRandom g = new java.util.SplittableRandom(8);
                for (int mu = 0; mu < 64; mu++) {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = gaussian ? (float) g.nextGaussian() : (g.nextBoolean() ? 1f : -1f);
                    }
                    m.store(dev.engram.api.RealVector.of(v));
                }
                m.freeze();
                float[] probes = new float[p * n];
                for (int i = 0; i < probes.length; i++) {
                    probes[i] = gaussian ? (float) g.nextGaussian() : (g.nextBoolean() ? 1f : -1f);
                }
                float[] out = new float[probes.length];
                RecallWorkspace ws = m.newWorkspace();
                assertNothingPerRecall(perRecall(() -> m.recallBatch(probes, 0, p, out, 0, ws), 1_000, 300),
                        "modern recallBatch of " + p + (gaussian ? " Gaussian" : " ±1") + " on "
                                + k.getClass().getSimpleName());
            }
        }
    }
}
