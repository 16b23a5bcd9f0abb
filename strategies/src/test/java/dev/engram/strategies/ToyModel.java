package dev.engram.strategies;

import dev.engram.api.AbstractModel;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * A tiny trainable model for hook tests: 2N parameters, outputs Y_i = tanh(θ_i) for i &lt; N, loss
 * Σ_items Σ_i ½(Y_i − x_i)²; parameters N..2N−1 never influence anything and so never move. SGD with momentum.
 */
final class ToyModel extends AbstractModel implements TrainableModel {
    final int n;
    final float[] theta;
    final float[] velocity;
    final double lr;
    final double momentum;

    ToyModel(int n, double lr, double momentum) {
        super("toy", n, Params.defaults("model 'toy'", List.<ParamSpec>of()));
        this.n = n;
        this.theta = new float[2 * n];
        this.velocity = new float[2 * n];
        this.lr = lr;
        this.momentum = momentum;
    }

    private double pass(List<Item> batch, float[] grad, boolean norm) {
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        for (Item it : batch) {
            for (int i = 0; i < n; i++) {
                double y = Math.tanh(theta[i]);
                double e = norm ? y : y - it.state().get(i);
                loss += norm ? y * y : 0.5 * e * e;
                grad[i] += (float) ((norm ? 2 * y : e) * (1 - y * y));
            }
        }
        return loss;
    }

    @Override
    public double lossAndGradient(List<Item> batch, float[] grad) {
        return pass(batch, grad, false);
    }

    @Override
    public double outputNormGradient(List<Item> batch, float[] grad) {
        return pass(batch, grad, true);
    }

    @Override
    public int parameterCount() {
        return theta.length;
    }

    @Override
    public float[] parameters() {
        return theta;
    }

    @Override
    public void setParameters(float[] values) {
        System.arraycopy(values, 0, theta, 0, theta.length);
        java.util.Arrays.fill(velocity, 0);
    }

    @Override
    public void beginEpoch(int epoch, int epochs) {
    }

    @Override
    public void beginTask() {
        java.util.Arrays.fill(velocity, 0);
    }

    @Override
    public void updateFromGradient(float[] grad, float[] delta) {
        for (int i = 0; i < theta.length; i++) {
            velocity[i] = (float) (momentum * velocity[i] + grad[i]);
            delta[i] = (float) (-lr * velocity[i]);
        }
    }

    @Override
    public void applyUpdate(float[] delta) {
        requireNotFrozen("be trained");
        for (int i = 0; i < theta.length; i++) {
            theta[i] += delta[i];
        }
    }

    @Override
    public int epochs() {
        return 30;
    }

    @Override
    public int batchSize() {
        return 2;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
    }
}
