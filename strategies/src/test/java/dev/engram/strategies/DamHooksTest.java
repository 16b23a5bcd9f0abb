package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.learn.TrainableModel;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The trained DAM's answers to the two hooks GEM/A-GEM use after the optimiser (api additions of this issue). */
class DamHooksTest {

    static TrainableModel dam() {
        Registry reg = Registry.load();
        ModelProvider p = reg.model("dam");
        return (TrainableModel) p.create(new ModelContext(12, p.parseParams(Map.of("memories", 3, "init-std", 0.8,
                "learning-rate", 0.25)), reg.kernels(), 4));
    }

    @Test
    void constrainUpdateIsExactlyWhatApplyUpdateDoes() {
        TrainableModel m = dam();
        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 20; trial++) {
            float[] delta = new float[m.parameterCount()];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = (float) r.nextGaussian();
            }
            float[] before = m.parameters().clone();
            float[] cut = delta.clone();
            m.constrainUpdate(cut);
            assertArrayEquals(before, m.parameters(), "constrainUpdate changes no state");
            boolean anyCut = false;
            for (int i = 0; i < cut.length; i++) {
                anyCut |= cut[i] != delta[i];
            }
            assertTrue(anyCut);
            m.applyUpdate(delta);
            for (int i = 0; i < cut.length; i++) {
                assertEquals(before[i] + cut[i], m.parameters()[i], 1e-6f, "component " + i);
            }
        }
    }

    @Test
    void stepDirectionIsTheMomentumFreeNormalisedStepAndLeavesTheOptimiserAlone() {
        TrainableModel a = dam();
        TrainableModel b = dam();
        a.beginTask();
        b.beginTask();
        a.beginEpoch(0, 10);
        b.beginEpoch(0, 10);
        SplittableRandom r = new SplittableRandom(2);
        float[] g1 = new float[a.parameterCount()];
        float[] g2 = new float[a.parameterCount()];
        for (int i = 0; i < g1.length; i++) {
            g1[i] = (float) r.nextGaussian();
            g2[i] = (float) r.nextGaussian();
        }
        float[] da = new float[g1.length];
        float[] db = new float[g1.length];
        a.updateFromGradient(g1, da);
        b.updateFromGradient(g1, db);
        float[] dir = new float[g1.length];
        a.stepDirection(g2, dir);
        // fresh optimiser on g1 alone: the first update equals the step direction of g1
        float[] dir1 = new float[g1.length];
        b.stepDirection(g1, dir1);
        assertArrayEquals(db, dir1, 1e-6f);
        int n = 12;
        for (int mu = 0; mu < 3; mu++) {
            float max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(dir[mu * n + i]));
                assertTrue(dir[mu * n + i] * g2[mu * n + i] <= 0, "a descent direction");
            }
            assertEquals(0.25f, max, 1e-6f, "each memory's largest component moves by the learning rate");
        }
        // a's momentum was not touched by stepDirection: both optimisers give the same next update
        a.updateFromGradient(g2, da);
        b.updateFromGradient(g2, db);
        assertArrayEquals(db, da);
    }
}
