package dev.engram.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchRecallTest {

    /**
     * A small Hebbian Hopfield network with asynchronous recall in a random order seeded from the probe (as the
     * built-in models do), so that recall is a function of the probe alone; its workspace holds the scratch state.
     */
    static final class HebbianMemory extends AbstractModel implements BipolarMemory {
        final int n;
        final int[] w;
        int k;
        volatile RuntimeException failOn;

        HebbianMemory(int n) {
            super("test-hebbian", n, Params.defaults("model 'test-hebbian'", List.of()));
            this.n = n;
            this.w = new int[n * n];
        }

        static final class Ws extends RecallWorkspace {
            final int[] x;
            final int[] order;

            Ws(int n) {
                x = new int[n];
                order = new int[n];
            }

            void done(int steps, boolean converged) {
                setResult(steps, converged, 0);
            }
        }

        @Override
        public void store(BipolarPattern p) {
            requireNotFrozen("store patterns");
            int[] v = p.toIntArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        w[i * n + j] += v[i] * v[j];
                    }
                }
            }
            k++;
        }

        @Override
        public int size() {
            return k;
        }

        @Override
        public RecallWorkspace newWorkspace() {
            return new Ws(n);
        }

        @Override
        public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace rw) {
            if (failOn != null) {
                throw failOn;
            }
            Ws ws = (Ws) rw;
            long h = 17;
            for (int i = 0; i < BipolarPattern.wordsFor(n); i++) {
                h = h * 31 + probe[i];
            }
            SplittableRandom rng = new SplittableRandom(h);
            for (int i = 0; i < n; i++) {
                ws.x[i] = ((probe[i >>> 6] >>> i) & 1L) != 0 ? 1 : -1;
                ws.order[i] = i;
            }
            int steps = 0;
            boolean changed = true;
            while (changed && steps < 20) {
                changed = false;
                steps++;
                for (int a = n - 1; a > 0; a--) {
                    int b = rng.nextInt(a + 1);
                    int t = ws.order[a];
                    ws.order[a] = ws.order[b];
                    ws.order[b] = t;
                }
                for (int a = 0; a < n; a++) {
                    int i = ws.order[a];
                    if (update != null && !update.contains(i)) {
                        continue;
                    }
                    long f = 0;
                    for (int j = 0; j < n; j++) {
                        f += (long) w[i * n + j] * ws.x[j];
                    }
                    int s = f > 0 ? 1 : -1;
                    if (s != ws.x[i]) {
                        ws.x[i] = s;
                        changed = true;
                    }
                }
            }
            java.util.Arrays.fill(out, 0, BipolarPattern.wordsFor(n), 0L);
            for (int i = 0; i < n; i++) {
                if (ws.x[i] > 0) {
                    out[i >>> 6] |= 1L << i;
                }
            }
            ws.done(steps, !changed);
        }

        @Override
        public double energy(BipolarPattern state) {
            return 0;
        }

        @Override
        public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeState(DataOutput out) {
        }
    }

    private static HebbianMemory memory(int n, int k, long seed, List<BipolarPattern> stored) {
        SplittableRandom r = new SplittableRandom(seed);
        HebbianMemory m = new HebbianMemory(n);
        for (int mu = 0; mu < k; mu++) {
            BipolarPattern p = BipolarPattern.random(n, r);
            stored.add(p);
            m.store(p);
        }
        m.freeze();
        return m;
    }

    private static List<BipolarPattern> probes(List<BipolarPattern> stored, int count, double flip, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<BipolarPattern> probes = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            // some probes near a memory, some random (spurious states, different step counts)
            probes.add(j % 3 == 2 ? BipolarPattern.random(stored.get(0).size(), r)
                    : stored.get(j % stored.size()).corrupt(flip, r));
        }
        return probes;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void threadedResultsEqualSequentialOnesInProbeOrder(int threads) {
        List<BipolarPattern> stored = new ArrayList<>();
        HebbianMemory m = memory(70, 6, 11, stored);
        List<BipolarPattern> probes = probes(stored, 37, 0.15, 12);
        List<BipolarPattern> sequential = new ArrayList<>();
        RecallWorkspace ws = m.newWorkspace();
        int convergedSeq = 0;
        for (BipolarPattern p : probes) {
            sequential.add(m.recall(p, null, ws).state());
            convergedSeq += ws.converged() ? 1 : 0;
        }
        // not a trivial workload: recall changes the probes, and most probes near a memory return to it
        int fixed = 0;
        for (int j = 0; j < probes.size(); j++) {
            if (j % 3 != 2 && sequential.get(j).equals(stored.get(j % stored.size()))) {
                fixed++;
            }
        }
        assertTrue(fixed >= 20, "only " + fixed + " probes recalled their memory");

        assertEquals(sequential, BatchRecall.recall(m, probes, null, threads));
        try (BatchRecall b = new BatchRecall(m, threads)) {
            assertEquals(threads, b.threads());
            for (int rep = 0; rep < 3; rep++) { // reuse: same answers every batch
                assertEquals(sequential, b.recall(probes, null));
            }
            int words = BipolarPattern.wordsFor(70);
            long[] in = new long[probes.size() * words];
            for (int j = 0; j < probes.size(); j++) {
                probes.get(j).copyWordsTo(in, j * words);
            }
            long[] out = new long[in.length];
            assertEquals(convergedSeq, b.recallInto(in, probes.size(), out, null));
            long[] expected = new long[in.length];
            for (int j = 0; j < probes.size(); j++) {
                sequential.get(j).copyWordsTo(expected, j * words);
            }
            assertArrayEquals(expected, out);
            // fewer probes than threads, and an empty batch
            assertEquals(sequential.subList(0, 1), b.recall(probes.subList(0, 1), null));
            assertEquals(List.of(), b.recall(List.of(), null));
        }
    }

    @Test
    void maskedBatchEqualsMaskedSequential() {
        List<BipolarPattern> stored = new ArrayList<>();
        HebbianMemory m = memory(70, 6, 21, stored);
        List<BipolarPattern> probes = probes(stored, 16, 0.2, 22);
        NeuronMask mask = NeuronMask.range(70, 10, 60);
        List<BipolarPattern> sequential = new ArrayList<>();
        for (BipolarPattern p : probes) {
            BipolarPattern r = m.recall(p, mask, m.newWorkspace()).state();
            for (int i = 0; i < 10; i++) {
                assertEquals(p.get(i), r.get(i), "clamped neuron " + i + " changed");
            }
            sequential.add(r);
        }
        assertEquals(sequential, BatchRecall.recall(m, probes, mask, 2));
        assertEquals(sequential, BatchRecall.recall(m, probes, mask, 4));
    }

    @Test
    void badInputGetsClearErrors() {
        HebbianMemory unfrozen = new HebbianMemory(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchRecall(unfrozen, 2));
        assertTrue(e.getMessage().contains("not frozen"), e.getMessage());

        List<BipolarPattern> stored = new ArrayList<>();
        HebbianMemory m = memory(8, 2, 1, stored);
        for (int bad : new int[]{0, -1, BatchRecall.MAX_THREADS + 1}) {
            e = assertThrows(IllegalArgumentException.class, () -> new BatchRecall(m, bad));
            assertTrue(e.getMessage().contains("thread count is " + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new BatchRecall(null, 1));

        try (BatchRecall b = new BatchRecall(m, 2)) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> b.recall(List.of(BipolarPattern.constant(9, 1)), null));
            assertTrue(e.getMessage().contains("probe 0 has dimension 9"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> b.recallInto(new long[1], 2, new long[2], null));
            assertTrue(e.getMessage().contains("probe array has 1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> b.recallInto(new long[2], 2, new long[1], null));
            assertTrue(e.getMessage().contains("output array has 1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.recallInto(new long[2], -1, new long[2], null));
            assertThrows(IllegalArgumentException.class,
                    () -> b.recall(List.of(stored.get(0)), NeuronMask.all(9)));
        }
    }

    @Test
    void aFailingRecallInAWorkerIsRethrownAndTheBatchRecallStaysUsable() {
        List<BipolarPattern> stored = new ArrayList<>();
        HebbianMemory m = memory(8, 2, 3, stored);
        BatchRecall b = new BatchRecall(m, 2);
        try {
            m.failOn = new IllegalStateException("boom");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> b.recall(List.of(stored.get(0), stored.get(1)), null));
            assertEquals("boom", e.getMessage());
            m.failOn = null;
            assertEquals(List.of(stored.get(0), stored.get(1)), b.recall(List.of(stored.get(0), stored.get(1)), null));
            b.close();
            assertThrows(IllegalStateException.class, () -> b.recall(stored, null));
        } finally {
            b.close();
        }
    }
}
