package dev.engram.core.model.modern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Recall;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import dev.engram.core.model.TestModels;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModernHopfieldTest {

    @Test
    void retrievesEachOfTenThousandPatternsInOneStepFromTwentyPercentMasked() throws Exception {
        TestModels.heavy();
        int n = 128;
        int k = 10_000;
        List<BipolarPattern> ps = TestModels.randomPatterns(k, n, 101);
        RealMemory m = (RealMemory) TestModels.create("modern", n, 1L, TestModels.selected(), Map.of());
        for (BipolarPattern p : ps) {
            m.store(p.toRealVector());
        }
        m.freeze();
        int threads = 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> parts = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    RecallWorkspace ws = m.newWorkspace();
                    float[] out = new float[n];
                    int ok = 0;
                    int steps = 0;
                    for (int mu = part; mu < k; mu += threads) {
                        SplittableRandom rng = new SplittableRandom(1000 + mu);
                        float[] probe = RealVector.masked(ps.get(mu), 0.2, rng).toArray();
                        m.recallInto(probe, out, ws);
                        steps += ws.steps();
                        if (BipolarPattern.signOf(out).equals(ps.get(mu))) {
                            ok++;
                        }
                    }
                    return new int[] {ok, steps};
                }));
            }
            int ok = 0;
            int steps = 0;
            for (Future<int[]> f : parts) {
                ok += f.get()[0];
                steps += f.get()[1];
            }
            System.out.printf("modern N=128 K=10000 beta=1/sqrt(N), one step from 20%% masked: %d of %d%n", ok, k);
            assertEquals(k, ok, "patterns retrieved (sign of the one-step output)");
            assertEquals(k, steps, "one step each");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void iteratedRetrievalConvergesToTheStoredPattern() {
        int n = 64;
        List<BipolarPattern> ps = TestModels.randomPatterns(200, n, 102);
        RealMemory m = (RealMemory) TestModels.create("modern", n, 1L, Map.of("beta", 0.5, "max-steps", 20,
                "epsilon", 1e-5));
        ps.forEach(p -> m.store(p.toRealVector()));
        Recall<RealVector> r = m.recall(RealVector.masked(ps.get(7), 0.3, new SplittableRandom(3)));
        assertTrue(r.converged());
        float[] s = r.state().toArray();
        float[] want = ps.get(7).toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals(want[i], s[i], 1e-3);
        }
        assertTrue(r.energy() < m.energy(RealVector.masked(ps.get(7), 0.3, new SplittableRandom(3))));
    }

    @Test
    void badInputIsRejected() {
        RealMemory m = (RealMemory) TestModels.create("modern", 8, 1L, Map.of());
        assertThrows(IllegalArgumentException.class, () -> m.store(RealVector.zeros(9)));
        assertThrows(IllegalArgumentException.class, () -> TestModels.create("modern", 8, 1L, Map.of("beta", -1)));
        float[] nan = new float[8];
        nan[2] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> m.recallInto(nan, new float[8], m.newWorkspace()));
        m.freeze();
        assertThrows(IllegalStateException.class, () -> m.store(RealVector.zeros(8)));
    }

    /** One step through {@code softmaxCombine} on the float matrix of {@code rows}: the float path's answer. */
    private static float[] floatStep(dev.engram.api.kernel.Kernels kernels, float beta, List<float[]> rows, float[] x) {
        int n = x.length;
        float[] mem = new float[rows.size() * n];
        for (int mu = 0; mu < rows.size(); mu++) {
            System.arraycopy(rows.get(mu), 0, mem, mu * n, n);
        }
        float[] out = new float[n];
        kernels.softmaxCombine(beta, mem, 0, rows.size(), n, x, 0, out, 0);
        return out;
    }

    private static void assertClose(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            double tol = 1e-5 * Math.abs(want[i]) + 1e-6;
            assertTrue(Math.abs(want[i] - got[i]) <= tol, what + " component " + i + ": float path " + want[i]
                    + ", model " + got[i]);
        }
    }

    /**
     * ±1 patterns are held as bits and give the float path's recall (1e-5 relative) for masked ±1 probes (the
     * popcount scores), real probes (the lookup tables) and the energy; a non-±1 pattern stored afterwards moves
     * the model to floats with the right answers; saving writes the same bytes either way and loads back.
     */
    @Test
    void bipolarPatternsAreBitPackedAndRecallAsTheFloatPathDoes() throws Exception {
        for (dev.engram.api.kernel.Kernels kernels : List.of(dev.engram.core.kernel.ScalarKernels.INSTANCE,
                TestModels.selected())) {
            for (int n : new int[] {7, 64, 100, 128}) {
                String at = kernels.name() + " n=" + n;
                List<BipolarPattern> ps = TestModels.randomPatterns(300, n, 103);
                ModernHopfield m = (ModernHopfield) TestModels.create("modern", n, 1L, kernels, Map.of());
                List<float[]> rows = new java.util.ArrayList<>();
                for (BipolarPattern p : ps) {
                    m.store(p.toRealVector());
                    rows.add(p.toRealVector().toArray());
                }
                assertTrue(m.isBitPacked(), at);
                assertEquals(ps.get(5), BipolarPattern.signOf(m.pattern(5).toArray()), at);
                SplittableRandom rng = new SplittableRandom(7);
                float[] masked = RealVector.masked(ps.get(3), 0.2, rng).toArray();
                float[] real = new float[n];
                for (int i = 0; i < n; i++) {
                    real[i] = (float) rng.nextGaussian();
                }
                RecallWorkspace ws = m.newWorkspace();
                float[] out = new float[n];
                for (float[] probe : List.of(masked, real)) {
                    m.recallInto(probe, out, ws);
                    assertClose(floatStep(kernels, m.beta(), rows, probe), out, at + " bits");
                }
                byte[] saved = stateBytes(m);
                double energy = m.energy(RealVector.of(real));

                // the float layout from the start: one non-±1 pattern first, then the same ±1 ones
                ModernHopfield f = (ModernHopfield) TestModels.create("modern", n, 1L, kernels, Map.of());
                float[] odd = new float[n];
                for (int i = 0; i < n; i++) {
                    odd[i] = (float) rng.nextGaussian();
                }
                f.store(RealVector.of(odd));
                assertTrue(!f.isBitPacked(), at);
                ps.forEach(p -> f.store(p.toRealVector()));
                List<float[]> fRows = new java.util.ArrayList<>(rows);
                fRows.add(0, odd);
                f.recallInto(real, out, f.newWorkspace());
                assertClose(floatStep(kernels, f.beta(), fRows, real), out, at + " float first");

                // mixed: the non-±1 pattern after the ±1 ones converts the bits to floats
                m.store(RealVector.of(odd));
                rows.add(odd);
                assertTrue(!m.isBitPacked(), at);
                for (float[] probe : List.of(masked, real)) {
                    m.recallInto(probe, out, ws);
                    assertClose(floatStep(kernels, m.beta(), rows, probe), out, at + " after the switch");
                }
                assertEquals(ps.get(5), BipolarPattern.signOf(m.pattern(5).toArray()), at);

                // energy of the bit model against the float formula
                float[] scores = new float[ps.size()];
                float[] flat = new float[ps.size() * n];
                for (int mu = 0; mu < ps.size(); mu++) {
                    System.arraycopy(rows.get(mu), 0, flat, mu * n, n);
                }
                kernels.matVec(flat, 0, ps.size(), n, real, 0, scores, 0);
                double lse = kernels.logSumExp(m.beta(), scores, 0, ps.size());
                double want = -lse / m.beta() + 0.5 * kernels.dot(real, 0, real, 0, n) + Math.log(ps.size()) / m.beta()
                        + 0.5 * n;
                assertEquals(want, energy, 1e-5 * Math.abs(want) + 1e-5, at + " energy");

                // saved state: the floats the float layout writes, and it loads back bit-packed
                ModernHopfield g = (ModernHopfield) TestModels.create("modern", n, 1L, kernels, Map.of());
                ps.forEach(p -> g.store(p.toRealVector()));
                java.io.ByteArrayOutputStream want2 = new java.io.ByteArrayOutputStream();
                java.io.DataOutputStream d = new java.io.DataOutputStream(want2);
                d.writeLong(1L);
                d.writeInt(ps.size());
                d.writeInt(ps.size() * n);
                for (float[] row : rows.subList(0, ps.size())) {
                    for (float v : row) {
                        d.writeFloat(v);
                    }
                }
                d.flush();
                org.junit.jupiter.api.Assertions.assertArrayEquals(want2.toByteArray(), saved, at + " state bytes");
                ModernHopfield back = ModernHopfield.read(n, g.params(), kernels,
                        new java.io.DataInputStream(new java.io.ByteArrayInputStream(saved)));
                assertTrue(back.isBitPacked(), at);
                for (int mu = 0; mu < ps.size(); mu++) {
                    assertEquals(g.pattern(mu), back.pattern(mu), at + " loaded pattern " + mu);
                }
                float[] o1 = new float[n];
                float[] o2 = new float[n];
                // a masked ±1 probe takes the exact, Math.exp-only path: the same bits every time
                g.recallInto(masked, o1, g.newWorkspace());
                back.recallInto(masked, o2, back.newWorkspace());
                org.junit.jupiter.api.Assertions.assertArrayEquals(o1, o2, at + " loaded model");
                // a real probe uses the vector EXP, whose last bits may differ before and after C2 compiles it
                g.recallInto(real, o1, g.newWorkspace());
                back.recallInto(real, o2, back.newWorkspace());
                assertClose(o1, o2, at + " loaded model, real probe");
            }
        }
    }

    private static byte[] stateBytes(ModernHopfield m) throws java.io.IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(b);
        m.writeState(d);
        d.flush();
        return b.toByteArray();
    }
}
