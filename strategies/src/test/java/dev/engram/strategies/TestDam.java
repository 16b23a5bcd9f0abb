package dev.engram.strategies;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small scalar Dense Associative Memory used only by these tests to exercise the hooks: the normalised form
 * with the leaky rectified polynomial F(x) = x^n (x &gt; 0), 0.01x otherwise, Krotov–Hopfield training (Y = tanh(field), squared error,
 * momentum, per-memory max-normalised step, clamp to [-1, 1]). The real model lives in vector-core.
 */
final class TestDam implements TrainableModel, BipolarMemory {
    final int n;
    final int k;
    final int power;
    final double beta;
    final double lr0;
    final double decay;
    final double momentum;
    final int epochs;
    final int batchSize;
    final float[] xi;
    final float[] velocity;
    double lr;

    TestDam(int n, int k, int power, double temperature, double lr0, double momentum, int epochs, int batchSize, long seed) {
        this.n = n;
        this.k = k;
        this.power = power;
        this.beta = 1 / temperature;
        this.lr0 = lr0;
        this.decay = 0.999;
        this.momentum = momentum;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.xi = new float[n * k];
        this.velocity = new float[n * k];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < xi.length; i++) {
            xi[i] = (float) (0.1 * r.nextGaussian());
        }
        lr = lr0;
    }

    private double f(double x) {
        return x > 0 ? Math.pow(x, power) : LEAK * x;
    }

    private double df(double x) {
        return x > 0 ? power * Math.pow(x, power - 1) : LEAK;
    }

    /** Leaky rectified polynomial: the plain rectified one leaves memories with no positive overlap dead. */
    static final double LEAK = 0.01;

    /** Fields of all neurons of state x (±1 floats). */
    private void fieldsOf(float[] x, double[] field) {
        double b = beta / n;
        java.util.Arrays.fill(field, 0);
        for (int m = 0; m < k; m++) {
            double h = 0;
            int o = m * n;
            for (int j = 0; j < n; j++) {
                h += xi[o + j] * x[j];
            }
            for (int i = 0; i < n; i++) {
                double base = h - xi[o + i] * x[i];
                field[i] += f(b * (base + xi[o + i])) - f(b * (base - xi[o + i]));
            }
        }
    }

    /** grad += d(sum_i c_i * field_i)/d xi at state x, for given c. */
    private void backprop(float[] x, double[] c, float[] grad) {
        double b = beta / n;
        for (int m = 0; m < k; m++) {
            double h = 0;
            int o = m * n;
            for (int j = 0; j < n; j++) {
                h += xi[o + j] * x[j];
            }
            double a = 0;
            double[] dp = new double[n];
            double[] dm = new double[n];
            for (int i = 0; i < n; i++) {
                double base = h - xi[o + i] * x[i];
                dp[i] = df(b * (base + xi[o + i]));
                dm[i] = df(b * (base - xi[o + i]));
                a += c[i] * (dp[i] - dm[i]);
            }
            for (int j = 0; j < n; j++) {
                grad[o + j] += (float) (b * (a * x[j] + c[j] * (dp[j] * (1 - x[j]) - dm[j] * (-1 - x[j]))));
            }
        }
    }

    private double lossOrNorm(List<Item> batch, float[] grad, boolean norm) {
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        double[] field = new double[n];
        double[] c = new double[n];
        for (Item it : batch) {
            float[] x = it.state().toFloatArray();
            fieldsOf(x, field);
            java.util.Arrays.fill(c, 0);
            for (int i = 0; i < n; i++) {
                if (it.trained() != null && !it.trained().contains(i)) {
                    continue;
                }
                double y = Math.tanh(field[i]);
                if (norm) {
                    loss += y * y;
                    c[i] = 2 * y * (1 - y * y);
                } else {
                    double e = y - x[i];
                    loss += e * e;
                    c[i] = 2 * e * (1 - y * y);
                }
            }
            backprop(x, c, grad);
        }
        return loss;
    }

    @Override
    public double lossAndGradient(List<Item> batch, float[] grad) {
        return lossOrNorm(batch, grad, false);
    }

    @Override
    public double outputNormGradient(List<Item> batch, float[] grad) {
        return lossOrNorm(batch, grad, true);
    }

    @Override
    public int parameterCount() {
        return xi.length;
    }

    @Override
    public float[] parameters() {
        return xi;
    }

    @Override
    public void setParameters(float[] values) {
        System.arraycopy(values, 0, xi, 0, xi.length);
        java.util.Arrays.fill(velocity, 0);
    }

    @Override
    public void beginEpoch(int epoch, int epochs) {
        lr = lr0 * Math.pow(decay, epoch);
    }

    @Override
    public void beginTask() {
        java.util.Arrays.fill(velocity, 0);
    }

    @Override
    public void updateFromGradient(float[] grad, float[] delta) {
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = (float) (momentum * velocity[i] + grad[i]);
        }
        normalisedStep(velocity, delta);
    }

    private void normalisedStep(float[] v, float[] out) {
        for (int m = 0; m < k; m++) {
            float max = 0;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, Math.abs(v[m * n + j]));
            }
            for (int j = 0; j < n; j++) {
                out[m * n + j] = max == 0 ? 0 : (float) (-lr * v[m * n + j] / max);
            }
        }
    }

    @Override
    public void stepDirection(float[] grad, float[] out) {
        normalisedStep(grad, out);
    }

    @Override
    public void constrainUpdate(float[] delta) {
        for (int i = 0; i < xi.length; i++) {
            float v = xi[i] + delta[i];
            if (v > 1f) {
                delta[i] = 1f - xi[i];
            } else if (v < -1f) {
                delta[i] = -1f - xi[i];
            }
        }
    }

    @Override
    public void applyUpdate(float[] delta) {
        for (int i = 0; i < xi.length; i++) {
            xi[i] = Math.max(-1f, Math.min(1f, xi[i] + delta[i]));
        }
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    // ---- BipolarMemory ----

    @Override
    public void store(BipolarPattern pattern) {
        throw new UnsupportedOperationException("the test DAM is trained, not stored into");
    }

    @Override
    public int size() {
        return k;
    }

    private static final class Ws extends RecallWorkspace {
        void set(int steps, boolean conv) {
            setResult(steps, conv, 0);
        }
    }

    @Override
    public RecallWorkspace newWorkspace() {
        return new Ws();
    }

    @Override
    public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws) {
        float[] x = BipolarPattern.fromWords(probe, n).toFloatArray();
        double[] field = new double[n];
        int steps = 0;
        boolean conv = false;
        while (steps < 100) {
            fieldsOf(x, field);
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                if (update != null && !update.contains(i)) {
                    continue;
                }
                float nx = field[i] > 0 ? 1f : -1f;
                if (nx != x[i]) {
                    changed = true;
                    x[i] = nx;
                }
            }
            steps++;
            if (!changed) {
                conv = true;
                break;
            }
        }
        BipolarPattern.of(x).copyWordsTo(out, 0);
        ((Ws) ws).set(steps, conv);
    }

    @Override
    public double energy(BipolarPattern state) {
        return 0;
    }

    @Override
    public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
        double[] field = new double[n];
        fieldsOf(state.toFloatArray(), field);
        for (int j = 0; j < neurons.count(); j++) {
            out[j] = (float) field[neurons.neuron(j)];
        }
    }

    // ---- Model ----

    @Override
    public String providerName() {
        return "test-dam";
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public Params params() {
        return Params.defaults("model 'test-dam'", List.<ParamSpec>of());
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        for (float f : xi) {
            out.writeFloat(f);
        }
    }

    @Override
    public void freeze() {
    }

    @Override
    public boolean isFrozen() {
        return false;
    }
}
