package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.learn.Item;
import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainingContext;
import dev.engram.testkit.SmallDam;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A-GEM's and GEM's projections, and the small QP solver under GEM. */
class ProjectionTest {

    private static float[] gaussian(int n, SplittableRandom r) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void agemProjectionNeverLeavesANegativeDotWithTheReference() {
        SplittableRandom r = new SplittableRandom(42);
        int projected = 0;
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + r.nextInt(300);
            float[] g = gaussian(n, r);
            float[] ref = gaussian(n, r);
            if (trial % 5 == 0) { // nearly opposite: the hard case for rounding
                for (int i = 0; i < n; i++) {
                    g[i] = -ref[i] * (float) (1 + 1e-3 * r.nextGaussian()) * (trial % 3 + 1);
                }
            }
            if (trial % 7 == 0) { // very different scales
                for (int i = 0; i < n; i++) {
                    ref[i] *= 1e-4f;
                }
            }
            float[] before = g.clone();
            double dot0 = StrategySupport.dot(g, ref);
            boolean did = AgemStrategy.project(g, ref);
            double dot = StrategySupport.dot(g, ref);
            assertTrue(dot >= 0, "trial " + trial + ": dot after projection " + dot + " (before " + dot0 + ")");
            if (dot0 >= 0) {
                assertFalse(did);
                assertArrayEquals(before, g, "a non-conflicting gradient is left alone");
            } else {
                projected++;
                assertTrue(did);
                // the projection removes only the component along ref: g - g0 is parallel to ref
                double rr = StrategySupport.dot(ref, ref);
                double c = (dot0 - dot) / rr;
                for (int i = 0; i < n; i++) {
                    assertEquals(before[i] - c * ref[i], g[i], 1e-4 * (1 + Math.abs(before[i])), "component " + i);
                }
            }
        }
        assertTrue(projected > 500, "the trials must exercise the projection, got " + projected);
    }

    @Test
    void gemProjectionSatisfiesEveryConstraintAndIsTheClosestSuchVector() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int n = 5 + r.nextInt(200);
            int t = 1 + r.nextInt(6);
            float[][] refs = new float[t][];
            for (int k = 0; k < t; k++) {
                refs[k] = gaussian(n, r);
            }
            if (trial % 4 == 0 && t > 1) { // linearly dependent references
                for (int i = 0; i < n; i++) {
                    refs[t - 1][i] = 2 * refs[0][i] - refs[1 % t][i];
                }
            }
            float[] g = gaussian(n, r);
            if (trial % 3 == 0) { // make it conflict with every reference
                for (int k = 0; k < t; k++) {
                    for (int i = 0; i < n; i++) {
                        g[i] -= 0.7f * refs[k][i];
                    }
                }
            }
            float[] g0 = g.clone();
            double[] v = GemStrategy.project(g, refs);
            double gNorm = Math.sqrt(StrategySupport.dot(g0, g0));
            for (int k = 0; k < t; k++) {
                double rk = Math.sqrt(StrategySupport.dot(refs[k], refs[k]));
                double d = StrategySupport.dot(g, refs[k]);
                assertTrue(d >= -1e-5 * gNorm * rk, "trial " + trial + " constraint " + k + ": " + d);
                assertTrue(v[k] >= 0, "dual variables are non-negative");
                // complementary slackness: an active multiplier means a tight constraint
                if (v[k] > 1e-6) {
                    assertEquals(0, d, 1e-4 * gNorm * rk, "trial " + trial + " constraint " + k + " is active");
                }
            }
            // optimality: no feasible point among random perturbations is closer to g0
            double best = dist2(g, g0);
            for (int s = 0; s < 50; s++) {
                float[] cand = g.clone();
                for (int i = 0; i < n; i++) {
                    cand[i] += (float) (1e-2 * r.nextGaussian());
                }
                boolean feasible = true;
                for (float[] ref : refs) {
                    feasible &= StrategySupport.dot(cand, ref) >= 0;
                }
                if (feasible) {
                    assertTrue(dist2(cand, g0) >= best - 1e-3 * (1 + best), "trial " + trial + ": a closer feasible point exists");
                }
            }
        }
    }

    private static double dist2(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    @Test
    void qpSolverMatchesBruteForceOverActiveSets() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            int t = 1 + r.nextInt(5);
            int n = t + r.nextInt(6);
            double[][] a = new double[t][n];
            for (double[] row : a) {
                for (int i = 0; i < n; i++) {
                    row[i] = r.nextGaussian();
                }
            }
            double[][] q = new double[t][t];
            double[] p = new double[t];
            for (int i = 0; i < t; i++) {
                p[i] = 3 * r.nextGaussian();
                for (int j = 0; j < t; j++) {
                    for (int s = 0; s < n; s++) {
                        q[i][j] += a[i][s] * a[j][s];
                    }
                }
            }
            double[] v = NonNegativeQp.solve(q, p);
            double got = objective(q, p, v);
            // brute force: the best KKT point over all 2^t supports
            double best = 0;
            for (int mask = 1; mask < 1 << t; mask++) {
                double[] cand = solveOn(q, p, mask);
                if (cand != null) {
                    best = Math.min(best, objective(q, p, cand));
                }
            }
            for (double x : v) {
                assertTrue(x >= 0);
            }
            assertEquals(best, got, 1e-7 * (1 + Math.abs(best)), "trial " + trial);
        }
    }

    private static double objective(double[][] q, double[] p, double[] v) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * v[i];
            for (int j = 0; j < p.length; j++) {
                s += 0.5 * v[i] * q[i][j] * v[j];
            }
        }
        return s;
    }

    /** The unconstrained minimiser on the support {@code mask}, or null when it is not non-negative. */
    private static double[] solveOn(double[][] q, double[] p, int mask) {
        int t = p.length;
        int[] idx = java.util.stream.IntStream.range(0, t).filter(i -> (mask >> i & 1) != 0).toArray();
        int m = idx.length;
        double[][] aug = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                aug[i][j] = q[idx[i]][idx[j]];
            }
            aug[i][m] = -p[idx[i]];
        }
        for (int c = 0; c < m; c++) {
            int piv = c;
            for (int i = c + 1; i < m; i++) {
                if (Math.abs(aug[i][c]) > Math.abs(aug[piv][c])) {
                    piv = i;
                }
            }
            double[] tmp = aug[c];
            aug[c] = aug[piv];
            aug[piv] = tmp;
            if (Math.abs(aug[c][c]) < 1e-12) {
                return null;
            }
            for (int i = 0; i < m; i++) {
                if (i != c) {
                    double f = aug[i][c] / aug[c][c];
                    for (int j = c; j <= m; j++) {
                        aug[i][j] -= f * aug[c][j];
                    }
                }
            }
        }
        double[] v = new double[t];
        for (int i = 0; i < m; i++) {
            v[idx[i]] = aug[i][m] / aug[i][i];
            if (v[idx[i]] < 0) {
                return null;
            }
        }
        return v;
    }

    @Test
    void projectionAfterTheOptimiserActsOnTheChangeThatReallyHappens() {
        for (boolean gem : new boolean[] {false, true}) {
            for (boolean stepRefs : new boolean[] {true, false}) {
                // trained briefly: memories inside [-1, 1], so that feasible projected changes exist (a memory pinned at
                // its bound with every reference pointing outward admits only the zero change: the step is dropped)
                SmallDam dam = SmallDam.create(24, Map.of("temperature", 1.0, "learning-rate", 0.05, "epochs", 6), 2);
                List<Task> tasks = Sequences.randomTasks(3, 4, 24, 1, 2, 12);
                GradientProjectionStrategy s = (gem
                        ? new GemStrategy(4, GradientProjectionStrategy.Projection.AFTER)
                        : new AgemStrategy(4, 100, GradientProjectionStrategy.Projection.AFTER)).stepReferences(stepRefs);
                SequentialTrainer tr = new SequentialTrainer(dam, s, 1);
                tr.learn(0, tasks.get(0));
                tr.learn(1, tasks.get(1));
                // the references as the strategy defines them (memory-batch covers all memories for A-GEM)
                List<List<Item>> refsItems = gem ? List.of(tasks.get(0).items(), tasks.get(1).items())
                        : List.of(java.util.stream.Stream.concat(tasks.get(0).items().stream(), tasks.get(1).items().stream()).toList());
                float[][] refs = new float[refsItems.size()][];
                for (int k = 0; k < refs.length; k++) {
                    float[] g = new float[dam.parameterCount()];
                    dam.lossAndGradient(refsItems.get(k), g);
                    refs[k] = new float[g.length];
                    if (stepRefs) {
                        dam.stepDirection(g, refs[k]);
                    } else {
                        for (int i = 0; i < g.length; i++) {
                            refs[k][i] = -g[i];
                        }
                    }
                }
                SplittableRandom r = new SplittableRandom(gem ? 1 : 2);
                int conflicting = 0;
                boolean cutSome = false;
                long droppedBefore = s.droppedSteps();
                for (int trial = 0; trial < 30; trial++) {
                    float[] delta = gaussian(dam.parameterCount(), r);
                    for (int i = 0; i < delta.length; i++) {
                        delta[i] *= 0.8f; // large: many memories would leave [-1, 1]
                    }
                    boolean conflict = false;
                    for (float[] ref : refs) {
                        conflict |= StrategySupport.dot(delta, ref) < 0;
                    }
                    conflicting += conflict ? 1 : 0;
                    float[] raw = delta.clone();
                    dam.constrainUpdate(raw);
                    cutSome |= !java.util.Arrays.equals(raw, delta);
                    s.adjustUpdate(new TrainingContext(dam, 2, tasks.get(2), new SplittableRandom(trial)), delta);
                    float[] cut = delta.clone();
                    dam.constrainUpdate(cut);
                    assertArrayEquals(delta, cut, "the projected change is one the model really makes");
                    double dn = Math.sqrt(StrategySupport.dot(delta, delta));
                    for (float[] ref : refs) {
                        double d = StrategySupport.dot(delta, ref);
                        assertTrue(d >= -1e-4 * dn * Math.sqrt(StrategySupport.dot(ref, ref)),
                                (gem ? "gem" : "agem") + (stepRefs ? " step" : " gradient") + " references, trial " + trial + ": " + d);
                    }
                }
                assertTrue(conflicting > 5, "random changes must conflict with the references: " + conflicting);
                assertTrue(cutSome, "the trials must include changes the bounds cut");
                assertEquals(droppedBefore, s.droppedSteps(), "a feasible projected change was found every time");
            }
        }
    }
}
