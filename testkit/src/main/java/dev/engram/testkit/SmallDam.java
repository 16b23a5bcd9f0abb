package dev.engram.testkit;

import dev.engram.api.AbstractModel;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.SeededWorkspace;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small Dense Associative Memory trained by gradient descent, written against {@code engram-api} alone (plain
 * Java arithmetic in double, no kernels): the model {@link StrategyContract} trains by default, and a real
 * trainable model for a strategy's own tests. It is the built-in {@code dam} in {@code mode=trained} in miniature.
 *
 * <p>K memories ξ_μ in [−1, 1]^N (the parameters, memory μ at {@code μ·N}). With the overlaps
 * {@code h_μ = ξ_μ · x} and {@code c = 1 / (T N)}, the energy of a ±1 state x is {@code E = −Σ_μ F(c h_μ)} and the
 * field of neuron i is {@code Σ_μ F(c (h_μ − x_i ξ_μi + ξ_μi)) − F(c (h_μ − x_i ξ_μi − ξ_μi))}, which is
 * E(x_i = −1) − E(x_i = +1). F is the leaky rectified polynomial {@code F(x) = x^n + 0.01 x} for x &gt; 0,
 * {@code 0.01 x} otherwise: the leak keeps memories with no positive overlap trainable, and F' has no jump at 0
 * (for n ≥ 2), so that finite differences check the gradient.
 *
 * <p>Recall is asynchronous: the free neurons in a random order seeded from the model's seed and the probe (so a
 * probe always gives the same answer, in any thread), each set to the sign of its field (a field of 0 gives −1),
 * until a sweep changes nothing or {@code max-steps} sweeps have run. Each flip lowers the energy or leaves it.
 *
 * <p>Training (Krotov &amp; Hopfield 2016): per item and trained neuron i (the item's mask, {@code null} = all)
 * the output is {@code Y_i = tanh(field_i(x))} and the loss {@code (Y_i − t_i)²}, t the item's state; when the
 * mask is a proper subset its neurons start at −1 in x (the classifier form). The optimiser: momentum
 * {@code V ← p V + g}, the per-memory normalised step {@code Δξ_μ = −lr V_μ / max_i |V_μi|} with
 * {@code lr = learning-rate · learning-rate-decay^epoch}, memories clamped to [−1, 1]. {@link #store} is refused:
 * the memories come from training.
 */
public final class SmallDam extends AbstractModel implements TrainableModel, BipolarMemory {
    /** The provider name this model reports. */
    public static final String NAME = "small-dam";
    /** The leak of F below zero. */
    static final double LEAK = 0.01;

    /** The parameters, with their defaults: a model that trains in milliseconds. */
    public static final List<ParamSpec> PARAMETERS = List.of(
            ParamSpec.ofInt("memories", 6, 1, 10_000, "K, the number of memories"),
            ParamSpec.ofInt("n", 3, 1, 30, "degree n of the interaction F(x) = x^n + 0.01 x (x > 0), 0.01 x otherwise"),
            ParamSpec.ofDouble("temperature", 1.5, 1e-6, 1e6, "T: the interaction sees (1 / (T N)) xi.x"),
            ParamSpec.ofDouble("learning-rate", 0.1, 0.0, 10.0, "initial learning rate (per-memory normalised step)"),
            ParamSpec.ofDouble("learning-rate-decay", 0.999, 0.0, 1.0, "lr = learning-rate * decay^epoch"),
            ParamSpec.ofDouble("momentum", 0.6, 0.0, 0.9999, "momentum p: V <- p V + dL/dxi"),
            ParamSpec.ofInt("epochs", 10, 1, 1_000_000, "training epochs per task"),
            ParamSpec.ofInt("batch-size", 4, 1, 1 << 30, "items per training batch"),
            ParamSpec.ofInt("max-steps", 100, 1, 1_000_000, "sweeps before recall gives up"),
            ParamSpec.ofDouble("init-std", 0.1, 0.0, 1.0, "memories start as Normal(0, init-std^2), clamped to [-1, 1]"));

    private final int n;
    private final int k;
    private final int power;
    private final double c;
    private final double lr0;
    private final double lrDecay;
    private final double momentum;
    private final int epochs;
    private final int batchSize;
    private final int maxSteps;
    private long seed;
    private double lr;
    private final float[] xi;
    private final float[] velocity;
    // training scratch (training is single-threaded)
    private final float[] tx;
    private final double[] th;
    private final double[] coef;
    private final double[] dPlus;
    private final double[] dMinus;

    /**
     * A new model with memories drawn from {@code seed}.
     *
     * @param params values for {@link #PARAMETERS} (validated; e.g. {@code Params.defaults(...)} or {@link #params(Map)})
     */
    public SmallDam(int dimension, Params params, long seed) {
        super(NAME, dimension, params);
        this.n = dimension;
        this.k = params.getInt("memories");
        this.power = params.getInt("n");
        this.c = 1.0 / (params.getDouble("temperature") * dimension);
        this.lr0 = params.getDouble("learning-rate");
        this.lrDecay = params.getDouble("learning-rate-decay");
        this.momentum = params.getDouble("momentum");
        this.epochs = params.getInt("epochs");
        this.batchSize = params.getInt("batch-size");
        this.maxSteps = params.getInt("max-steps");
        this.seed = seed;
        this.lr = lr0;
        if ((long) k * n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("small-dam with K=" + k + " memories of dimension " + n
                    + " is too large; accepted: K x N below " + Integer.MAX_VALUE / 2);
        }
        this.xi = new float[k * n];
        this.velocity = new float[k * n];
        this.tx = new float[n];
        this.th = new double[k];
        this.coef = new double[n];
        this.dPlus = new double[n];
        this.dMinus = new double[n];
        double std = params.getDouble("init-std");
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < xi.length; i++) {
            xi[i] = (float) Math.max(-1.0, Math.min(1.0, std * r.nextGaussian()));
        }
    }

    /** A model of {@code dimension} neurons, the parameters not in {@code params} at their defaults. */
    public static SmallDam create(int dimension, Map<String, ?> params, long seed) {
        return new SmallDam(dimension, params(params), seed);
    }

    /** Validates {@code raw} against {@link #PARAMETERS}; an unknown or out-of-range one is an error listing what is accepted. */
    public static Params params(Map<String, ?> raw) {
        return Params.parse("model '" + NAME + "'", PARAMETERS, raw);
    }

    /** Rebuilds a model from what {@link #writeState} wrote (what a provider's {@code read} does). */
    public static SmallDam read(int dimension, Params params, DataInput in) throws IOException {
        SmallDam d = new SmallDam(dimension, params, 0L);
        d.seed = in.readLong();
        double lr = in.readDouble();
        if (!Double.isFinite(lr) || lr < 0) {
            throw new IOException("small-dam state has learning rate " + lr + "; expected a finite value >= 0");
        }
        d.lr = lr;
        readFloats(in, d.xi, "memory", true);
        readFloats(in, d.velocity, "momentum", false);
        return d;
    }

    private static void readFloats(DataInput in, float[] into, String what, boolean bounded) throws IOException {
        int len = in.readInt();
        if (len != into.length) {
            throw new IOException("small-dam state has " + len + " " + what + " values; the parameters give " + into.length);
        }
        for (int i = 0; i < len; i++) {
            float v = in.readFloat();
            if (!Float.isFinite(v) || (bounded && Math.abs(v) > 1f)) {
                throw new IOException("small-dam " + what + " value " + i + " is " + v + "; expected "
                        + (bounded ? "[-1, 1]" : "a finite number"));
            }
            into[i] = v;
        }
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed);
        out.writeDouble(lr);
        for (float[] a : new float[][] {xi, velocity}) {
            out.writeInt(a.length);
            for (float v : a) {
                out.writeFloat(v);
            }
        }
    }

    // ------------------------------------------------------------------ the interaction

    private double f(double x) {
        return x > 0 ? Math.pow(x, power) + LEAK * x : LEAK * x;
    }

    private double df(double x) {
        return x > 0 ? power * Math.pow(x, power - 1) + LEAK : LEAK;
    }

    /** Overlaps {@code h_μ = ξ_μ · x} of a ±1 state. */
    private void overlaps(float[] x, double[] h) {
        for (int mu = 0; mu < k; mu++) {
            int o = mu * n;
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += xi[o + j] * x[j];
            }
            h[mu] = s;
        }
    }

    /** The field of neuron i in state x with overlaps h. */
    private double field(int i, float[] x, double[] h) {
        double sum = 0;
        for (int mu = 0; mu < k; mu++) {
            double m = xi[mu * n + i];
            double base = h[mu] - m * x[i];
            sum += f(c * (base + m)) - f(c * (base - m));
        }
        return sum;
    }

    private double energyOf(double[] h) {
        double e = 0;
        for (int mu = 0; mu < k; mu++) {
            e -= f(c * h[mu]);
        }
        return e;
    }

    // ------------------------------------------------------------------ BipolarMemory

    /** Refused: the memories of this model come from training (train it with a {@code SequentialTrainer}). */
    @Override
    public void store(BipolarPattern pattern) {
        throw new IllegalStateException("small-dam learns its " + k
                + " memories by gradient descent (train it on items, e.g. with SequentialTrainer); it does not store patterns");
    }

    /** The number of memories K. */
    @Override
    public int size() {
        return k;
    }

    private static final class Workspace extends SeededWorkspace {
        final float[] x;
        final double[] h;
        final int[] order;

        Workspace(int n, int k) {
            x = new float[n];
            h = new double[k];
            order = new int[n];
        }
    }

    @Override
    public RecallWorkspace newWorkspace() {
        return new Workspace(n, k);
    }

    @Override
    public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace workspace) {
        int words = BipolarPattern.wordsFor(n);
        if (probe.length < words || out.length < words) {
            throw new IllegalArgumentException("probe and output need " + words + " packed words for dimension " + n
                    + ", got " + probe.length + " and " + out.length);
        }
        if (update != null) {
            update.requireDimension(n);
        }
        if (!(workspace instanceof Workspace ws) || ws.x.length != n || ws.h.length != k) {
            throw new IllegalArgumentException("workspace was not made by this small-dam model's newWorkspace()");
        }
        float[] x = ws.x;
        for (int i = 0; i < n; i++) {
            x[i] = ((probe[i >>> 6] >>> i) & 1L) != 0 ? 1f : -1f;
        }
        overlaps(x, ws.h);
        int free = update == null ? n : update.count();
        for (int j = 0; j < free; j++) {
            ws.order[j] = update == null ? j : update.neuron(j);
        }
        ws.reseed(seed, probe, words);
        int steps = 0;
        boolean converged = false;
        while (steps < maxSteps && !converged) {
            steps++;
            ws.shuffle(ws.order, free);
            converged = true;
            for (int j = 0; j < free; j++) {
                int i = ws.order[j];
                float next = field(i, x, ws.h) > 0 ? 1f : -1f;
                if (next != x[i]) {
                    for (int mu = 0; mu < k; mu++) {
                        ws.h[mu] += (next - x[i]) * xi[mu * n + i];
                    }
                    x[i] = next;
                    converged = false;
                }
            }
        }
        Arrays.fill(out, 0, words, 0L);
        for (int i = 0; i < n; i++) {
            if (x[i] > 0) {
                out[i >>> 6] |= 1L << i;
            }
        }
        ws.finish(steps, converged, energyOf(ws.h));
    }

    @Override
    public double energy(BipolarPattern state) {
        requireDimension(state);
        double[] h = new double[k];
        overlaps(state.toFloatArray(), h);
        return energyOf(h);
    }

    @Override
    public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
        requireFieldArguments(state, neurons, out);
        float[] x = state.toFloatArray();
        double[] h = new double[k];
        overlaps(x, h);
        for (int j = 0; j < neurons.count(); j++) {
            out[j] = (float) field(neurons.neuron(j), x, h);
        }
    }

    // ------------------------------------------------------------------ TrainableModel

    @Override
    public int parameterCount() {
        return xi.length;
    }

    /** The memories, row-major (memory μ at {@code μ·N}); live, do not write to it. */
    @Override
    public float[] parameters() {
        return xi;
    }

    @Override
    public void setParameters(float[] values) {
        requireNotFrozen("change its parameters");
        if (values.length != xi.length) {
            throw new IllegalArgumentException("small-dam has " + xi.length + " parameters (K=" + k + " x N=" + n
                    + "), got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= -1f && values[i] <= 1f)) {
                throw new IllegalArgumentException("parameter " + i + " is " + values[i] + "; small-dam memories accept [-1, 1]");
            }
        }
        System.arraycopy(values, 0, xi, 0, xi.length);
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

    /** The loss (or Σ Y², {@code norm}) of the batch, its gradient into {@code grad}. */
    private double accumulate(List<Item> batch, float[] grad, boolean norm) {
        if (grad.length != xi.length) {
            throw new IllegalArgumentException("gradient array has length " + grad.length + "; small-dam has "
                    + xi.length + " parameters");
        }
        Arrays.fill(grad, 0f);
        double total = 0;
        for (Item item : batch) {
            BipolarPattern target = item.state();
            requireDimension(target);
            NeuronMask mask = item.trained();
            boolean all = mask == null || mask.isAll();
            target.copyFloatsTo(tx, 0);
            if (!all) {
                for (int j = 0; j < mask.count(); j++) {
                    tx[mask.neuron(j)] = -1f;
                }
            }
            overlaps(tx, th);
            Arrays.fill(coef, 0);
            for (int i = 0; i < n; i++) {
                if (!all && !mask.contains(i)) {
                    continue;
                }
                double y = Math.tanh(field(i, tx, th));
                if (norm) {
                    total += y * y;
                    coef[i] = 2 * y * (1 - y * y);
                } else {
                    double e = y - (target.isPlus(i) ? 1 : -1);
                    total += e * e;
                    coef[i] = 2 * e * (1 - y * y);
                }
            }
            backprop(coef, grad);
        }
        return total;
    }

    /** {@code grad += d(Σ_i coef_i field_i(tx)) / dξ} at the state in {@link #tx} with overlaps {@link #th}. */
    private void backprop(double[] coef, float[] grad) {
        for (int mu = 0; mu < k; mu++) {
            int o = mu * n;
            double a = 0;
            for (int i = 0; i < n; i++) {
                double m = xi[o + i];
                double base = th[mu] - m * tx[i];
                dPlus[i] = df(c * (base + m));
                dMinus[i] = df(c * (base - m));
                a += coef[i] * (dPlus[i] - dMinus[i]);
            }
            // d field_i / d ξ_μj = c x_j (F'+ − F'−) for j ≠ i, and c (F'+ + F'−) for j = i
            for (int j = 0; j < n; j++) {
                grad[o + j] += (float) (c * (a * tx[j] + coef[j] * (dPlus[j] * (1 - tx[j]) + dMinus[j] * (1 + tx[j]))));
            }
        }
    }

    @Override
    public void beginEpoch(int epoch, int epochs) {
        lr = lr0 * Math.pow(lrDecay, epoch);
    }

    @Override
    public void beginTask() {
        Arrays.fill(velocity, 0f);
    }

    @Override
    public void updateFromGradient(float[] grad, float[] delta) {
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = (float) (momentum * velocity[i] + grad[i]);
        }
        normalisedStep(velocity, delta);
    }

    /** The per-memory max-normalised step of {@code grad} alone (no momentum; optimiser state untouched). */
    @Override
    public void stepDirection(float[] grad, float[] out) {
        normalisedStep(grad, out);
    }

    private void normalisedStep(float[] v, float[] out) {
        for (int mu = 0; mu < k; mu++) {
            int o = mu * n;
            float max = 0;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, Math.abs(v[o + j]));
            }
            for (int j = 0; j < n; j++) {
                out[o + j] = max == 0 ? 0 : (float) (-lr * v[o + j] / max);
            }
        }
    }

    /** Cuts {@code delta} where it would take a memory outside [−1, 1]. */
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
        requireNotFrozen("be trained");
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
}
