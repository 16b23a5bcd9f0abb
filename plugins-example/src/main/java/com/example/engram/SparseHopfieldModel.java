package com.example.engram;

import dev.engram.api.AbstractModel;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.SeededWorkspace;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.spi.ModelContext;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Low-activity Hopfield network. A ±1 pattern x is read as activities s = (x + 1) / 2 in {0, 1}; storing
 * adds the covariance term {@code W_ij += (s_i - a)(s_j - a) / (N a (1 - a))} (zero diagonal); a neuron fires
 * (+1) when {@code Σ_j W_ij s_j > θ}. For a pattern of activity a the field is about {@code s_i - a}, so
 * θ = 0.5 - a separates the two cases best. Capacity grows as the patterns get sparser, far beyond the
 * 0.14 N of the dense Hebbian network. Recall is asynchronous, in a random order seeded from the model's seed and
 * the probe (so a probe gives the same answer in any thread, and after saving and loading), with the fields kept
 * up to date incrementally (one {@code axpy} per flip). All arithmetic goes through the {@link Kernels} SPI.
 */
final class SparseHopfieldModel extends AbstractModel implements BipolarMemory {
    private final Kernels kernels;
    private final int n;
    private final double activity;
    private final float threshold;
    private final int maxSteps;
    private final float[] weights;
    private int stored;
    private long seed;

    SparseHopfieldModel(ModelContext context) {
        super(SparseHopfieldProvider.NAME, context.dimension(), context.params());
        this.seed = context.seed();
        this.kernels = context.kernels();
        this.n = context.dimension();
        this.activity = context.params().getDouble("activity");
        this.threshold = (float) context.params().getDouble("threshold");
        this.maxSteps = context.params().getInt("max-steps");
        this.weights = new float[n * n];
    }

    @Override
    public int size() {
        return stored;
    }

    @Override
    public void store(BipolarPattern pattern) {
        requireNotFrozen("store patterns");
        requireDimension(pattern);
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = (float) ((pattern.isPlus(i) ? 1 : 0) - activity);
        }
        float scale = (float) (1.0 / (n * activity * (1 - activity)));
        for (int i = 0; i < n; i++) {
            kernels.axpy(scale * c[i], c, 0, weights, i * n, n);
            weights[i * n + i] = 0f;
        }
        stored++;
    }

    /** Scratch space of one thread; its generator is reseeded from the model's seed and the probe on every recall. */
    private final class Workspace extends SeededWorkspace {
        final float[] s = new float[n];
        final float[] h = new float[n];
        final int[] order = new int[n];
    }

    @Override
    public RecallWorkspace newWorkspace() {
        return new Workspace();
    }

    private Workspace cast(RecallWorkspace ws) {
        if (!(ws instanceof SparseHopfieldModel.Workspace w) || w.s.length != n) {
            throw new IllegalArgumentException("workspace was not made by this sparse-hopfield model's newWorkspace()");
        }
        return w;
    }

    @Override
    public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace workspace) {
        Workspace ws = cast(workspace);
        for (int i = 0; i < n; i++) {
            ws.s[i] = ((probe[i >>> 6] >>> i) & 1L) != 0 ? 1f : 0f;
        }
        kernels.matVec(weights, 0, n, n, ws.s, 0, ws.h, 0);
        int free = update == null ? n : update.count();
        for (int j = 0; j < free; j++) {
            ws.order[j] = update == null ? j : update.neuron(j);
        }
        ws.reseed(seed, probe, BipolarPattern.wordsFor(n));
        int steps = 0;
        boolean converged = false;
        while (steps < maxSteps && !converged) {
            steps++;
            converged = true;
            ws.shuffle(ws.order, free);
            for (int j = 0; j < free; j++) {
                int i = ws.order[j];
                float next = ws.h[i] > threshold ? 1f : 0f;
                if (next != ws.s[i]) {
                    kernels.axpy(next - ws.s[i], weights, i * n, ws.h, 0, n);
                    ws.s[i] = next;
                    converged = false;
                }
            }
        }
        kernels.signToBits(ws.s, 0, n, out, 0);
        ws.finish(steps, converged, energyOf(ws.s, ws.h));
    }

    private double energyOf(float[] s, float[] h) {
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += s[i] * (-0.5 * h[i] + threshold);
        }
        return e;
    }

    @Override
    public double energy(BipolarPattern state) {
        requireDimension(state);
        float[] s = activities(state);
        float[] h = new float[n];
        kernels.matVec(weights, 0, n, n, s, 0, h, 0);
        return energyOf(s, h);
    }

    @Override
    public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
        requireFieldArguments(state, neurons, out);
        float[] s = activities(state);
        for (int j = 0; j < neurons.count(); j++) {
            int i = neurons.neuron(j);
            out[j] = kernels.dot(weights, i * n, s, 0, n) - threshold;
        }
    }

    private float[] activities(BipolarPattern state) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = state.isPlus(i) ? 1f : 0f;
        }
        return s;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed); // the order of asynchronous recall comes from it: a loaded model recalls the same
        out.writeInt(n);
        out.writeInt(stored);
        for (float w : weights) {
            out.writeFloat(w);
        }
    }

    void readState(DataInput in) throws IOException {
        seed = in.readLong();
        int dim = in.readInt();
        if (dim != n) {
            throw new IOException("saved sparse-hopfield state has dimension " + dim + ", expected " + n);
        }
        int k = in.readInt();
        if (k < 0) {
            throw new IOException("saved sparse-hopfield state has a negative pattern count " + k);
        }
        stored = k;
        for (int i = 0; i < weights.length; i++) {
            float w = in.readFloat();
            if (!Float.isFinite(w)) {
                throw new IOException("saved sparse-hopfield weight " + i + " is " + w);
            }
            weights[i] = w;
        }
    }
}
