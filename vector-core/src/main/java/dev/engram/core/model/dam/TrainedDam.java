package dev.engram.core.model.dam;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.Params;
import dev.engram.core.model.ModelSupport;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A DAM with K real-valued memories in [−1, 1] learned by gradient descent ({@code mode=trained}), as in
 * Krotov &amp; Hopfield (2016, appendix A) and the authors' library used by McAlister et al.
 *
 * <p>The flat parameter vector is the K × N memory matrix, row-major (memory μ at {@code μ·N}); an N × K
 * transposed copy (what the field kernels read) is rebuilt after every {@link #applyUpdate} and
 * {@link #setParameters}.
 *
 * <p>Training, per item and per trained neuron i (the item's mask, {@code null} = all): the state x is the
 * item's state, except that when the mask is a proper subset its neurons are set to −1 (the classifier form:
 * class neurons start at −1, as in recall); {@code Y_i = tanh(field_i(x))}, target {@code t_i} the item's
 * value, loss {@code L = Σ (Y_i − t_i)^(2m)}. The closed-form gradient is
 * {@code dL/dξ_μ = 2m (Y−t)^(2m−1) (1−Y²) c [F'(a+) x(i+) − F'(a−) x(i−)]}; summed over the trained
 * neurons it is one rank-one term {@code A ⊗ x} (O(NK) per item) plus a correction on component i.
 * The optimiser: momentum {@code V ← p V + g}; per-memory normalised step
 * {@code Δξ_μ = −lr V_μ / max_i |V_μi|}; memories clamped to [−1, 1]; {@code lr = lr0 · decay^epoch} and the
 * temperature ramps linearly from {@code temperature} to {@code temperature-final} over a task's epochs.
 * Storing patterns directly is not possible in this mode ({@link #store} throws).
 */
public final class TrainedDam extends DenseAssociativeMemory implements TrainableModel {
    private final int k;
    private final float[] mem;
    private final float[] memT;
    private final float[] velocity;
    private final int epochs;
    private final int batchSize;
    private final double lr0;
    private final double lrDecay;
    private final double momentum;
    private final int errorPower;
    private final double tInit;
    private final double tFinal;
    private double lr;
    // training scratch (training is single-threaded)
    private final long[] tState;
    private final float[] tx;
    private final float[] th;
    private final float[] tA;
    private final float[] dPlus;
    private final float[] dMinus;
    private final float[] corrT;
    private final boolean[] touched;

    TrainedDam(int n, Params params, Kernels kernels, long seed) {
        super(n, params, kernels, seed);
        this.k = params.getInt("memories");
        this.mem = new float[k * n];
        this.memT = new float[n * k];
        this.velocity = new float[k * n];
        this.epochs = params.getInt("epochs");
        this.batchSize = params.getInt("batch-size");
        this.lr0 = params.getDouble("learning-rate");
        this.lrDecay = params.getDouble("learning-rate-decay");
        this.momentum = params.getDouble("momentum");
        this.errorPower = params.getInt("error-power");
        this.tInit = resolveTemperature(params.getDouble("temperature"));
        double tf = params.getDouble("temperature-final");
        this.tFinal = tf == 0 ? tInit : tf;
        this.lr = lr0;
        this.tState = new long[words];
        this.tx = new float[n];
        this.th = new float[k];
        this.tA = new float[k];
        this.dPlus = new float[k];
        this.dMinus = new float[k];
        this.corrT = new float[n * k];
        this.touched = new boolean[n];
        double std = params.getDouble("init-std");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < mem.length; i++) {
            mem[i] = (float) Math.max(-1.0, Math.min(1.0, rng.nextGaussian() * std));
        }
        transpose();
    }

    private void transpose() {
        for (int mu = 0; mu < k; mu++) {
            int row = mu * n;
            for (int i = 0; i < n; i++) {
                memT[i * k + mu] = mem[row + i];
            }
        }
    }

    @Override
    protected int k() {
        return k;
    }

    @Override
    public int size() {
        return k;
    }

    /** Not possible in trained mode: memories come from training (items come from tasks). */
    @Override
    public void store(BipolarPattern pattern) {
        throw new IllegalStateException("dam in mode=trained learns its " + k
                + " memories by gradient descent (train it on items, e.g. with SequentialTrainer); "
                + "use mode=stored to store patterns directly");
    }

    @Override
    protected void overlaps(long[] state, float[] out, DamWorkspace ws) {
        kernels.matVecBipolar(mem, 0, k, n, state, 0, out, 0);
    }

    @Override
    protected float field(int i, float s, DamWorkspace ws, float c, float shift) {
        return kernels.damField(interaction, c, shift, ws.overlaps, k, memT, i * k, s);
    }

    @Override
    protected void fields(long[] state, int from, int to, DamWorkspace ws, float c, float shift, float[] out,
                          int outOff) {
        kernels.damFields(interaction, c, shift, ws.overlaps, k, memT, state, from, to, out, outOff);
    }

    @Override
    protected void flipOverlaps(int i, float newS, float[] overlaps) {
        kernels.axpy(2f * newS, memT, i * k, overlaps, 0, k);
    }

    @Override
    public float memory(int mu, int i) {
        return mem[mu * n + i];
    }

    // ------------------------------------------------------------------ TrainableModel

    @Override
    public int parameterCount() {
        return k * n;
    }

    @Override
    public float[] parameters() {
        return mem;
    }

    @Override
    public void setParameters(float[] values) {
        requireNotFrozen("change its parameters");
        if (values.length != mem.length) {
            throw new IllegalArgumentException("dam has " + mem.length + " parameters (K=" + k + " x N=" + n
                    + "), got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= -1f && v <= 1f)) {
                throw new IllegalArgumentException("parameter " + i + " is " + v + "; dam memories accept [-1, 1]");
            }
        }
        System.arraycopy(values, 0, mem, 0, mem.length);
        transpose();
        Arrays.fill(velocity, 0f);
    }

    @Override
    public double lossAndGradient(List<Item> batch, float[] grad) {
        return accumulate(batch, grad, false);
    }

    @Override
    public double outputNormGradient(List<Item> batch, float[] grad) {
        return accumulate(batch, grad, true);
    }

    /**
     * The batch loss and its gradient ({@code outputNorm = false}), or Σ Y² over the trained neurons and its
     * gradient ({@code outputNorm = true}).
     */
    private double accumulate(List<Item> batch, float[] grad, boolean outputNorm) {
        if (grad.length != mem.length) {
            throw new IllegalArgumentException("gradient array has length " + grad.length + "; dam has "
                    + mem.length + " parameters");
        }
        Arrays.fill(grad, 0f);
        float c = scale();
        if (interaction.kind() == dev.engram.api.kernel.Interaction.Kind.EXPONENTIAL && c * (n + 2.0) > 85) {
            throw new IllegalStateException("dam training with the exponential interaction at temperature "
                    + temperature + " would overflow e^x in float (largest exponent " + c * (n + 2.0)
                    + "); use a temperature of at least " + (krotov ? (n + 2.0) / 85 : (n + 2.0) / (85.0 * n)));
        }
        double total = 0;
        int m2 = 2 * errorPower;
        for (Item item : batch) {
            BipolarPattern target = item.state();
            requireDimension(target);
            NeuronMask mask = item.trained();
            boolean all = mask == null || mask.isAll();
            int count = all ? n : mask.count();
            target.copyWordsTo(tState, 0);
            if (!all) {
                for (int j = 0; j < count; j++) {
                    ModelSupport.set(tState, mask.neuron(j), false);
                }
            }
            ModelSupport.unpack(tState, n, tx);
            kernels.matVecBipolar(mem, 0, k, n, tState, 0, th, 0);
            Arrays.fill(tA, 0f);
            for (int j = 0; j < count; j++) {
                int i = all ? j : mask.neuron(j);
                float s = tx[i];
                double y = Math.tanh(kernels.damField(interaction, c, 0f, th, k, memT, i * k, s));
                double g;
                if (outputNorm) {
                    total += y * y;
                    g = 2 * y * (1 - y * y) * c;
                } else {
                    double e = y - (target.isPlus(i) ? 1.0 : -1.0);
                    total += dev.engram.api.kernel.Interaction.pow(e, m2);
                    g = m2 * dev.engram.api.kernel.Interaction.pow(e, m2 - 1) * (1 - y * y) * c;
                }
                if (g == 0) {
                    continue;
                }
                float gf = (float) g;
                kernels.damDerivatives(interaction, c, 0f, th, k, memT, i * k, s, dPlus, dMinus);
                int base = i * k;
                for (int mu = 0; mu < k; mu++) {
                    float dp = dPlus[mu];
                    float dm = dMinus[mu];
                    float diff = gf * (dp - dm);
                    tA[mu] += diff;
                    corrT[base + mu] += gf * (dp + dm) - diff * s;
                }
                touched[i] = true;
            }
            for (int mu = 0; mu < k; mu++) {
                if (tA[mu] != 0f) {
                    kernels.axpy(tA[mu], tx, 0, grad, mu * n, n);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (touched[i]) {
                int base = i * k;
                for (int mu = 0; mu < k; mu++) {
                    grad[mu * n + i] += corrT[base + mu];
                    corrT[base + mu] = 0f;
                }
                touched[i] = false;
            }
        }
        return total;
    }

    @Override
    public void beginEpoch(int epoch, int epochs) {
        lr = lr0 * Math.pow(lrDecay, epoch);
        double frac = epochs > 1 ? (double) epoch / (epochs - 1) : 1.0;
        temperature = tInit + (tFinal - tInit) * frac;
    }

    @Override
    public void beginTask() {
        Arrays.fill(velocity, 0f);
    }

    @Override
    public void updateFromGradient(float[] grad, float[] delta) {
        float p = (float) momentum;
        for (int mu = 0; mu < k; mu++) {
            int row = mu * n;
            float max = 0f;
            for (int i = 0; i < n; i++) {
                float v = p * velocity[row + i] + grad[row + i];
                velocity[row + i] = v;
                max = Math.max(max, Math.abs(v));
            }
            float step = max > 0f ? (float) (-lr / max) : 0f;
            for (int i = 0; i < n; i++) {
                delta[row + i] = step * velocity[row + i];
            }
        }
    }

    /** The per-memory max-normalised step of {@code grad} alone (no momentum; optimiser state untouched). */
    @Override
    public void stepDirection(float[] grad, float[] out) {
        for (int mu = 0; mu < k; mu++) {
            int row = mu * n;
            float max = 0f;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(grad[row + i]));
            }
            float step = max > 0f ? (float) (-lr / max) : 0f;
            for (int i = 0; i < n; i++) {
                out[row + i] = step * grad[row + i];
            }
        }
    }

    /** Cuts {@code delta} where it would take a memory outside [−1, 1]. */
    @Override
    public void constrainUpdate(float[] delta) {
        for (int i = 0; i < mem.length; i++) {
            float v = mem[i] + delta[i];
            if (v > 1f) {
                delta[i] = 1f - mem[i];
            } else if (v < -1f) {
                delta[i] = -1f - mem[i];
            }
        }
    }

    @Override
    public void applyUpdate(float[] delta) {
        requireNotFrozen("be trained");
        for (int i = 0; i < mem.length; i++) {
            float v = mem[i] + delta[i];
            mem[i] = v > 1f ? 1f : (v < -1f ? -1f : v);
        }
        transpose();
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /** The learning rate of the current epoch. */
    public double learningRate() {
        return lr;
    }

    // ------------------------------------------------------------------ state

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed);
        out.writeDouble(temperature);
        out.writeDouble(lr);
        ModelSupport.writeFloats(out, mem, mem.length);
        ModelSupport.writeFloats(out, velocity, velocity.length);
    }

    static TrainedDam read(int n, Params params, Kernels kernels, DataInput in) throws IOException {
        TrainedDam d = new TrainedDam(n, params, kernels, 0L);
        d.seed = in.readLong();
        double t = in.readDouble();
        double lr = in.readDouble();
        if (!(t > 0) || Double.isInfinite(t) || !Double.isFinite(lr)) {
            throw new IOException("trained dam state has temperature " + t + " and learning rate " + lr);
        }
        float[] m = ModelSupport.readFloats(in, d.mem.length, "trained dam memories");
        float[] v = ModelSupport.readFloats(in, d.velocity.length, "trained dam momentum");
        for (int i = 0; i < m.length; i++) {
            if (m[i] < -1f || m[i] > 1f) {
                throw new IOException("trained dam memory value " + i + " is " + m[i] + "; expected [-1, 1]");
            }
        }
        System.arraycopy(m, 0, d.mem, 0, m.length);
        System.arraycopy(v, 0, d.velocity, 0, v.length);
        d.transpose();
        d.temperature = t;
        d.lr = lr;
        return d;
    }
}
