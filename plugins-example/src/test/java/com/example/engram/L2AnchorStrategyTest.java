package com.example.engram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.api.AbstractModel;
import dev.engram.api.BipolarPattern;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.Strategy;
import dev.engram.api.learn.Task;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.learn.TrainingContext;
import dev.engram.api.learn.Scoring;
import dev.engram.api.param.Params;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.io.DataOutput;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The penalty's value and gradient; the hooks, the state and the compatibility check are in L2AnchorContractTest. */
class L2AnchorStrategyTest {

    /** A model whose parameters are a plain vector (the loss is never used here). */
    static final class VectorModel extends AbstractModel implements TrainableModel {
        final float[] theta;

        VectorModel(float... theta) {
            super("vector", 2, Params.defaults("model 'vector'", List.of()));
            this.theta = theta;
        }

        @Override public void writeState(DataOutput out) { }
        @Override public int parameterCount() { return theta.length; }
        @Override public float[] parameters() { return theta; }
        @Override public void setParameters(float[] values) { System.arraycopy(values, 0, theta, 0, theta.length); }
        @Override public double lossAndGradient(List<Item> batch, float[] grad) { return 0; }
        @Override public double outputNormGradient(List<Item> batch, float[] grad) { return 0; }
        @Override public void beginEpoch(int epoch, int epochs) { }
        @Override public void beginTask() { }
        @Override public void updateFromGradient(float[] grad, float[] delta) { }
        @Override public void applyUpdate(float[] delta) { }
        @Override public int epochs() { return 1; }
        @Override public int batchSize() { return 1; }
    }

    private static Strategy l2(double lambda) {
        StrategyProvider p = Registry.load().strategy("l2");
        return p.create(new StrategyContext(p.parseParams(Map.of("lambda", lambda)), 1));
    }

    private static TrainingContext ctx(TrainableModel m) {
        Task t = new Task("t", List.of(Item.of(BipolarPattern.parse("+-"))), List.of(), Scoring.exact());
        return new TrainingContext(m, 0, t, new SplittableRandom(1));
    }

    @Test
    void noPenaltyBeforeTheFirstTaskThenTheGradientOfHalfLambdaSquaredDistance() {
        Strategy s = l2(3.0);
        VectorModel m = new VectorModel(1f, -2f, 0.5f);
        float[] grad = new float[3];
        assertEquals(0.0, s.addPenalty(ctx(m), m.theta, grad));
        assertArrayEquals(new float[3], grad);
        s.afterTask(ctx(m));
        float[] moved = {1.5f, -2f, -0.5f};
        double penalty = s.addPenalty(ctx(m), moved, grad);
        assertEquals(0.5 * 3.0 * (0.25 + 1.0), penalty, 1e-9);
        // the gradient matches central finite differences of the penalty
        for (int i = 0; i < 3; i++) {
            float[] plus = moved.clone();
            float[] minus = moved.clone();
            plus[i] += 1e-3f;
            minus[i] -= 1e-3f;
            double fd = (s.addPenalty(ctx(m), plus, new float[3]) - s.addPenalty(ctx(m), minus, new float[3])) / 2e-3;
            assertEquals(fd, grad[i], 1e-3, "component " + i);
        }
    }
}
