package dev.engram.core.model.hopfield;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.Params;
import dev.engram.core.model.ModelSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Hopfield network trained with the delta (perceptron) rule, {@code rule=delta}; also a
 * {@link TrainableModel} so that gradient strategies apply. Its parameters are W (N × N, row-major).
 *
 * <p>Loss: the perceptron criterion with a stability margin κ ({@code margin}, default 1) over the trained
 * neurons i of each item x (mask {@code null} = all): {@code L = Σ_i max(0, κ − x_i h_i)}, {@code h = Wx}; a
 * neuron with {@code x_i h_i < κ} (or {@code ≤ 0}: ties count, since recall maps a zero field to −1) has the
 * subgradient {@code dL/dW_ij = −x_i x_j}. When an item's mask is a proper subset (the classifier form) its
 * neurons are set to −1 in the state the fields are computed from (as recall starts them), and their targets are
 * the item's values. κ = 0 is the plain delta rule of the note (stop when every neuron is
 * stable); κ &gt; 0 (Krauth–Mézard / Gardner) widens the basins of attraction. The optimiser
 * is plain gradient descent {@code Δ = −(learning-rate / N) · grad}, so one full-batch step is
 * {@code W += (η/N) Σ (x − x') xᵀ / 2} (x' = x after one update), the delta rule of the note; from W = 0 the first
 * step is exactly the Hebbian rule. MAS's output norm is {@code Σ h_i²} over the trained neurons.
 *
 * <p>{@link #store} (outside a trainer) adds the pattern Hebbian-style, then runs full-batch delta epochs over
 * every stored pattern until all are stable or {@code epochs} have run. W is not symmetric, so recall reads a
 * transposed copy kept in sync.
 */
public final class DeltaHopfieldNetwork extends HopfieldNetwork implements TrainableModel {
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final float margin;
    private final float[] tx;
    private final float[] scratch;

    DeltaHopfieldNetwork(int n, Params params, Kernels kernels, long seed) {
        super(n, params, kernels, seed, false);
        this.epochs = params.getInt("epochs");
        int b = params.getInt("batch-size");
        this.batchSize = b == 0 ? Integer.MAX_VALUE : b;
        this.learningRate = (float) params.getDouble("learning-rate");
        this.margin = (float) params.getDouble("margin");
        this.tx = new float[n];
        this.scratch = new float[n * n];
    }

    @Override
    protected void storeDelta(BipolarPattern pattern, float[] x) {
        keep(pattern);
        hebbian(x, decay, rate);
        weightsChanged();
        List<Item> all = new ArrayList<>(count + 1);
        for (int mu = 0; mu <= count; mu++) {
            all.add(Item.of(BipolarPattern.fromWords(patterns, mu * words, n)));
        }
        for (int e = 0; e < epochs; e++) {
            if (lossAndGradient(all, scratch) == 0 && allStable(all)) {
                break;
            }
            updateFromGradient(scratch, scratch);
            for (int i = 0; i < scratch.length; i++) {
                w[i] += scratch[i];
            }
            weightsChanged();
        }
    }

    private boolean allStable(List<Item> items) {
        for (Item it : items) {
            it.state().copyFloatsTo(tx, 0);
            for (int i = 0; i < n; i++) {
                float st = tx[i] * kernels.dot(w, i * n, tx, 0, n);
                if (st < margin || st <= 0f) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int parameterCount() {
        return n * n;
    }

    @Override
    public float[] parameters() {
        return w;
    }

    @Override
    public synchronized void setParameters(float[] values) {
        requireNotFrozen("change its parameters");
        if (values.length != w.length) {
            throw new IllegalArgumentException("hopfield has " + w.length + " parameters (N x N), got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("parameter " + i + " is " + values[i] + "; expected a finite number");
            }
        }
        System.arraycopy(values, 0, w, 0, w.length);
        weightsChanged();
    }

    @Override
    public double lossAndGradient(List<Item> batch, float[] grad) {
        return accumulate(batch, grad, false);
    }

    @Override
    public double outputNormGradient(List<Item> batch, float[] grad) {
        return accumulate(batch, grad, true);
    }

    private double accumulate(List<Item> batch, float[] grad, boolean outputNorm) {
        if (grad.length != w.length) {
            throw new IllegalArgumentException("gradient array has length " + grad.length + "; hopfield has "
                    + w.length + " parameters");
        }
        Arrays.fill(grad, 0f);
        double total = 0;
        for (Item item : batch) {
            BipolarPattern target = item.state();
            requireDimension(target);
            target.copyFloatsTo(tx, 0);
            NeuronMask mask = item.trained();
            boolean all = mask == null || mask.isAll();
            int cnt = all ? n : mask.count();
            if (!all) {
                for (int j = 0; j < cnt; j++) {
                    tx[mask.neuron(j)] = -1f; // classifier form: trained neurons start at -1, as in recall
                }
            }
            for (int j = 0; j < cnt; j++) {
                int i = all ? j : mask.neuron(j);
                float t = target.isPlus(i) ? 1f : -1f;
                float h = kernels.dot(w, i * n, tx, 0, n);
                if (outputNorm) {
                    total += (double) h * h;
                    kernels.axpy(2f * h, tx, 0, grad, i * n, n);
                } else if (t * h < margin || t * h <= 0f) {
                    total += margin - t * h;
                    kernels.axpy(-t, tx, 0, grad, i * n, n);
                }
            }
        }
        if (zeroDiagonal) {
            for (int i = 0; i < n; i++) {
                grad[i * n + i] = 0f;
            }
        }
        return total;
    }

    @Override
    public synchronized void beginEpoch(int epoch, int epochs) {
    }

    @Override
    public synchronized void beginTask() {
    }

    @Override
    public void updateFromGradient(float[] grad, float[] delta) {
        float a = -learningRate / n;
        for (int i = 0; i < grad.length; i++) {
            delta[i] = a * grad[i];
        }
    }

    /** With {@code diagonal=zero}, {@link #applyUpdate} keeps {@code W_ii = 0}: the diagonal of the change is cut to 0. */
    @Override
    public void constrainUpdate(float[] delta) {
        if (zeroDiagonal) {
            for (int i = 0; i < n; i++) {
                delta[i * n + i] = 0f;
            }
        }
    }

    @Override
    public synchronized void applyUpdate(float[] delta) {
        requireNotFrozen("be trained");
        for (int i = 0; i < w.length; i++) {
            w[i] += delta[i];
        }
        weightsChanged();
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
