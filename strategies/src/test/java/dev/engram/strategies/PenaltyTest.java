package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.learn.SequentialTrainer;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainingContext;
import dev.engram.testkit.SmallDam;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** EWC, SI and MAS: the penalty and the importances. */
class PenaltyTest {

    @Test
    void ewcPenaltyGradientMatchesFiniteDifferences() {
        for (ImportancePenaltyStrategy.Mode mode : ImportancePenaltyStrategy.Mode.values()) {
            SmallDam dam = SmallDam.create(24, Map.of("epochs", 20), 9);
            EwcStrategy ewc = new EwcStrategy(3.0, mode, 0.8, 0);
            List<Task> tasks = Sequences.randomTasks(2, 4, 24, 1, 2, 4);
            SequentialTrainer trainer = new SequentialTrainer(dam, ewc, 1);
            trainer.learn(0, tasks.get(0));
            trainer.learn(1, tasks.get(1));
            assertEquals(mode == ImportancePenaltyStrategy.Mode.SEPARATE ? 2 : 1, ewc.anchors().size());
            float max = 0;
            for (float[] f : ewc.importances()) {
                for (float x : f) {
                    assertTrue(x >= 0, "a Fisher diagonal is non-negative");
                    max = Math.max(max, x);
                }
            }
            assertTrue(max > 1e-6, "the Fisher must not vanish in this setting, max " + max);
            // move away from the anchors, then compare the analytic gradient with central differences
            SplittableRandom r = new SplittableRandom(5);
            float[] theta = dam.parameters().clone();
            for (int i = 0; i < theta.length; i++) {
                theta[i] += (float) (0.3 * r.nextGaussian());
            }
            TrainingContext ctx = new TrainingContext(dam, 2, tasks.get(0), r);
            float[] grad = new float[theta.length];
            double value = ewc.addPenalty(ctx, theta, grad);
            assertTrue(value > 0);
            float[] scratch = new float[theta.length];
            for (int i = 0; i < theta.length; i++) {
                float old = theta[i];
                theta[i] = old + 1e-2f;
                double hi = (double) theta[i];
                double up = ewc.addPenalty(ctx, theta, scratch);
                theta[i] = old - 1e-2f;
                double lo = (double) theta[i];
                double down = ewc.addPenalty(ctx, theta, scratch);
                theta[i] = old;
                double fd = (up - down) / (hi - lo);
                assertEquals(fd, grad[i], 1e-4 * (1 + Math.abs(fd)), mode + " parameter " + i);
            }
            // the value is λ/2 Σ F (θ − θ*)² summed over anchors
            double expect = 0;
            for (int k = 0; k < ewc.anchors().size(); k++) {
                float[] f = ewc.importances().get(k);
                float[] a = ewc.anchors().get(k);
                for (int i = 0; i < theta.length; i++) {
                    double d = theta[i] - a[i];
                    expect += 0.5 * 3.0 * f[i] * d * d;
                }
            }
            assertEquals(expect, value, 1e-9 * expect);
        }
    }

    @Test
    void onlineEwcDecaysTheRunningFisher() {
        SmallDam dam = SmallDam.create(24, Map.of(), 9);
        List<Task> tasks = Sequences.randomTasks(2, 4, 24, 1, 2, 4);
        // λ = 0 so both runs follow the same trajectory and differ only in how they keep importances
        EwcStrategy o0 = new EwcStrategy(0, ImportancePenaltyStrategy.Mode.ONLINE, 0.5, 0);
        EwcStrategy s0 = new EwcStrategy(0, ImportancePenaltyStrategy.Mode.SEPARATE, 1, 0);
        SmallDam dam2 = SmallDam.create(24, Map.of(), 9);
        SequentialTrainer a = new SequentialTrainer(dam, o0, 1);
        SequentialTrainer b = new SequentialTrainer(dam2, s0, 1);
        for (int t = 0; t < 2; t++) {
            a.learn(t, tasks.get(t));
            b.learn(t, tasks.get(t));
        }
        float[] run = o0.importances().get(0);
        float[] f1 = s0.importances().get(0);
        float[] f2 = s0.importances().get(1);
        for (int i = 0; i < run.length; i++) {
            assertEquals(0.5f * f1[i] + f2[i], run[i], 1e-6f * (1 + run[i]));
        }
        assertEquals(1, o0.anchors().size());
        assertEquals(2, s0.anchors().size());
        assertEquals(java.util.Arrays.toString(s0.anchors().get(1)), java.util.Arrays.toString(o0.anchors().get(0)),
                "the online anchor is the latest task's end point");
    }

    @Test
    void siImportanceIsNonNegativeAndZeroForParametersThatNeverMoved() {
        ToyModel toy = new ToyModel(12, 0.1, 0.9); // strong momentum: single path-integral terms turn negative
        SiStrategy si = new SiStrategy(0.05, 0.1);
        List<Task> tasks = Sequences.randomTasks(3, 3, 12, 1, 1, 8);
        SequentialTrainer trainer = new SequentialTrainer(toy, si, 2);
        boolean sawNegativePath = false;
        for (int t = 0; t < tasks.size(); t++) {
            trainer.learn(t, tasks.get(t));
            float[] omega = si.importances().get(0);
            for (int i = 0; i < omega.length; i++) {
                assertTrue(omega[i] >= 0, "task " + t + " parameter " + i + ": " + omega[i]);
            }
            for (int i = toy.n; i < 2 * toy.n; i++) {
                assertEquals(0f, omega[i], "parameter " + i + " never moved");
            }
            for (int i = 0; i < toy.n; i++) {
                assertTrue(omega[i] > 0, "parameter " + i + " moved and reduced the loss");
            }
            double[] path = si.pathIntegral();
            for (int i = 0; i < toy.n; i++) {
                sawNegativePath |= path[i] < 0;
            }
        }
        // the clipping matters: a strong penalty (and momentum) moves parameters against their task gradient
        SmallDam dam = SmallDam.create(20, Map.of("memories", 5, "temperature", 1.0, "learning-rate", 0.2, "epochs", 15,
                "batch-size", 2), 3);
        SiStrategy siDam = new SiStrategy(1000.0, 0.1); // a strong penalty moves parameters against the task loss
        SequentialTrainer t2 = new SequentialTrainer(dam, siDam, 2);
        List<Task> dt = Sequences.randomTasks(3, 4, 20, 1, 1, 8);
        for (int t = 0; t < 3; t++) {
            t2.learn(t, dt.get(t));
            for (float x : siDam.importances().get(0)) {
                assertTrue(x >= 0);
            }
            for (double p : siDam.pathIntegral()) {
                sawNegativePath |= p < 0;
            }
        }
        assertTrue(sawNegativePath, "the runs must include a negative raw path integral (clipped to 0)");
    }

    @Test
    void siPathIntegralOfPlainGradientDescentIsLrTimesSquaredGradients() {
        ToyModel toy = new ToyModel(4, 0.05, 0.0);
        SiStrategy si = new SiStrategy(1.0, 0.1);
        List<Task> tasks = Sequences.randomTasks(1, 1, 4, 1, 1, 1);
        new SequentialTrainer(toy, si, 0).learn(0, tasks.get(0));
        // with plain SGD every step contributes lr * g² > 0, and the loss drop equals the path integral to first order
        double[] path = si.pathIntegral();
        for (int i = 0; i < 4; i++) {
            assertTrue(path[i] > 0);
        }
    }

    @Test
    void masImportanceIsTheMeanAbsoluteOutputNormGradient() {
        ToyModel toy = new ToyModel(6, 0.2, 0.0);
        MasStrategy mas = new MasStrategy(2.0, 0);
        List<Task> tasks = Sequences.randomTasks(1, 3, 6, 1, 1, 3);
        new SequentialTrainer(toy, mas, 4).learn(0, tasks.get(0));
        float[] omega = mas.importances().get(0);
        for (int i = 0; i < 6; i++) {
            double y = Math.tanh(toy.theta[i]);
            assertEquals(Math.abs(2 * y * (1 - y * y)), omega[i], 1e-5);
            assertEquals(0f, omega[6 + i]);
        }
    }
}
