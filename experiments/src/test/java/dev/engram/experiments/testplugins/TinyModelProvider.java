package dev.engram.experiments.testplugins;

import dev.engram.api.AbstractModel;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-only model {@code test-tiny}: a fully connected ±1 network whose weights are trained by gradient descent
 * on {@code sum (tanh(field_i) - t_i)^2} over the trained neurons (a perceptron-like Hopfield net). It learns and
 * forgets like the real models, in milliseconds.
 */
public final class TinyModelProvider implements ModelProvider {
    @Override
    public String name() {
        return "test-tiny";
    }

    @Override
    public String description() {
        return "test-only trainable weight-matrix network";
    }

    @Override
    public List<ParamSpec> parameters() {
        return List.of(ParamSpec.ofInt("epochs", 10, 1, 1000, "epochs per task"),
                ParamSpec.ofDouble("learning-rate", 0.05, 1e-6, 10, "step size"),
                ParamSpec.ofInt("batch-size", 8, 1, 10000, "items per batch"));
    }

    @Override
    public Model create(ModelContext c) {
        return new Tiny(c.dimension(), c.params(), c.seed());
    }

    @Override
    public Model read(ModelContext context, DataInput in) throws IOException {
        throw new IOException("test-tiny cannot be read");
    }

    static final class Ws extends RecallWorkspace {
        void set(int steps, boolean converged) {
            setResult(steps, converged, Double.NaN);
        }
    }

    static final class Tiny extends AbstractModel implements BipolarMemory, TrainableModel {
        final int n;
        final float[] w;

        Tiny(int n, Params params, long seed) {
            super("test-tiny", n, params);
            this.n = n;
            this.w = new float[n * n];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * 0.01);
            }
        }

        @Override
        public void writeState(DataOutput out) {
        }

        float field(int i, int[] x) {
            float s = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    s += w[i * n + j] * x[j];
                }
            }
            return s;
        }

        @Override
        public void store(BipolarPattern p) {
            int[] x = p.toIntArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    w[i * n + j] += (float) x[i] * x[j] / n;
                }
            }
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public RecallWorkspace newWorkspace() {
            return new Ws();
        }

        @Override
        public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws) {
            int[] x = BipolarPattern.fromWords(probe, n).toIntArray();
            int[] idx = update == null ? NeuronMask.all(n).indices() : update.indices();
            int steps = 0;
            boolean converged = false;
            for (; steps < 20; steps++) {
                int[] next = x.clone();
                for (int i : idx) {
                    next[i] = field(i, x) > 0 ? 1 : -1;
                }
                boolean same = java.util.Arrays.equals(next, x);
                x = next;
                if (same) {
                    converged = true;
                    break;
                }
            }
            ((Ws) ws).set(steps, converged);
            BipolarPattern.of(x).copyWordsTo(out, 0);
        }

        @Override
        public double energy(BipolarPattern state) {
            return 0;
        }

        @Override
        public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
            int[] x = state.toIntArray();
            for (int j = 0; j < neurons.count(); j++) {
                out[j] = field(neurons.neuron(j), x);
            }
        }

        @Override
        public int parameterCount() {
            return w.length;
        }

        @Override
        public float[] parameters() {
            return w;
        }

        @Override
        public void setParameters(float[] values) {
            System.arraycopy(values, 0, w, 0, w.length);
        }

        @Override
        public double lossAndGradient(List<Item> batch, float[] grad) {
            java.util.Arrays.fill(grad, 0f);
            double loss = 0;
            for (Item it : batch) {
                int[] x = it.state().toIntArray();
                int[] idx = it.trained() == null ? NeuronMask.all(n).indices() : it.trained().indices();
                for (int i : idx) {
                    int[] in = x;
                    if (it.trained() != null) {
                        in = x.clone();
                        for (int k : idx) {
                            in[k] = -1;
                        }
                    }
                    double y = Math.tanh(field(i, in));
                    double e = y - x[i];
                    loss += e * e;
                    float g = (float) (2 * e * (1 - y * y));
                    for (int j = 0; j < n; j++) {
                        if (j != i) {
                            grad[i * n + j] += g * in[j];
                        }
                    }
                }
            }
            return loss;
        }

        @Override
        public double outputNormGradient(List<Item> batch, float[] grad) {
            java.util.Arrays.fill(grad, 0f);
            return 0;
        }

        @Override
        public void beginEpoch(int epoch, int epochs) {
        }

        @Override
        public void beginTask() {
        }

        @Override
        public void updateFromGradient(float[] grad, float[] delta) {
            float lr = (float) params().getDouble("learning-rate");
            for (int i = 0; i < grad.length; i++) {
                delta[i] = -lr * grad[i];
            }
        }

        @Override
        public void applyUpdate(float[] delta) {
            for (int i = 0; i < w.length; i++) {
                w[i] += delta[i];
            }
        }

        @Override
        public int epochs() {
            return params().getInt("epochs");
        }

        @Override
        public int batchSize() {
            return params().getInt("batch-size");
        }
    }
}
