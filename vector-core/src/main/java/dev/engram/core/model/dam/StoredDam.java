package dev.engram.core.model.dam;

import dev.engram.api.Sizes;
import dev.engram.api.BipolarPattern;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;
import dev.engram.core.model.ModelSupport;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A DAM whose memories are stored directly ({@code mode=stored}): each {@link #store} adds one bipolar memory.
 * Memories are kept as packed bits (row μ, for the XOR+popcount overlaps) and as a transposed bit matrix
 * (row i = the K memories' bits at neuron i, read by the field kernels). Not trainable.
 */
public final class StoredDam extends DenseAssociativeMemory {
    private long[] memBits;
    private long[] memTBits;
    private int kWords;
    private int capacity;
    private int k;

    StoredDam(int n, Params params, Kernels kernels, long seed) {
        super(n, params, kernels, seed);
        capacity = 0;
        memBits = new long[0];
        memTBits = new long[0];
        kWords = 0;
    }

    @Override
    protected int k() {
        return k;
    }

    @Override
    public int size() {
        return k;
    }

    @Override
    public synchronized void store(BipolarPattern pattern) {
        requireNotFrozen("store patterns");
        requireDimension(pattern);
        if (k == capacity) {
            grow(Math.max(16, capacity * 2));
        }
        pattern.copyWordsTo(memBits, k * words);
        int word = k >>> 6;
        long bit = 1L << k;
        for (int i = 0; i < n; i++) {
            if (((memBits[k * words + (i >>> 6)] >>> i) & 1L) != 0) {
                memTBits[i * kWords + word] |= bit;
            }
        }
        k++;
    }

    private void grow(int cap) {
        String who = "dam (mode=stored) with " + Sizes.count(cap) + " memories of N = " + Sizes.count(n);
        long nkwLong = (cap + 63L) >>> 6;
        Sizes.requireMemory(who, Sizes.times(Sizes.plus(Sizes.times(cap, words), Sizes.times(n, nkwLong)), 8),
                "memories and their transpose");
        long[] nb = new long[Sizes.requireArray(who, (long) cap * words, 8, "memory words")];
        Sizes.requireArray(who, (long) n * nkwLong, 8, "transposed memory words");
        System.arraycopy(memBits, 0, nb, 0, k * words);
        int nkw = (cap + 63) >>> 6;
        long[] nt = new long[n * nkw];
        for (int i = 0; i < n; i++) {
            System.arraycopy(memTBits, i * kWords, nt, i * nkw, kWords);
        }
        memBits = nb;
        memTBits = nt;
        kWords = nkw;
        capacity = cap;
    }

    @Override
    protected void overlaps(long[] state, float[] out, DamWorkspace ws) {
        int[] tmp = ws.overlapsInt;
        kernels.overlaps(state, 0, memBits, 0, k, words, n, tmp, 0);
        for (int mu = 0; mu < k; mu++) {
            out[mu] = tmp[mu];
        }
    }

    /**
     * With bipolar memories the field needs no per-neuron interaction evaluations: for {@code ξ_μi, s = ±1},
     * {@code F(c(h_μ − sξ_μi + ξ_μi)) − F(c(h_μ − sξ_μi − ξ_μi)) = ξ_μi W_μ + s C_μ} with
     * {@code W_μ = [F(c(h_μ+2)) − F(c(h_μ−2))] / 2} and {@code C_μ = [2F(c h_μ) − F(c(h_μ+2)) − F(c(h_μ−2))] / 2}
     * (check the four sign cases). So once per state (O(K) interaction evaluations) the weights W and
     * {@code C = Σ_μ C_μ} are computed, and each neuron's field is the masked sum {@code Σ_μ ξ_μi W_μ + s C}:
     * one row of the transposed bit matrix times W ({@code dotsBipolar}, four neurons per pass in asynchronous
     * recall until one flips), exactly the definition's value up to
     * float rounding.
     */
    @Override
    protected void prepare(DamWorkspace ws, int k, float c, float shift) {
        ws.constant = kernels.damBipolarWeights(interaction, c, shift, ws.overlaps, k, ws.weights);
    }

    @Override
    protected float field(int i, float s, DamWorkspace ws, float c, float shift) {
        ws.row[0] = i;
        kernels.dotsBipolar(ws.weights, 0, k, memTBits, kWords, ws.row, 0, 1, ws.argA, 0);
        return ws.argA[0] + s * ws.constant;
    }

    @Override
    protected int fieldBlock() {
        return 4;
    }

    @Override
    protected void orderedFields(long[] state, int[] order, int from, int count, DamWorkspace ws, float c, float shift,
                                 float[] out) {
        kernels.dotsBipolar(ws.weights, 0, k, memTBits, kWords, order, from, count, out, 0);
        for (int j = 0; j < count; j++) {
            out[j] += ModelSupport.sign(state, order[from + j]) * ws.constant;
        }
    }

    @Override
    protected boolean hasBatchFields() {
        return true;
    }

    @Override
    protected void batchFields(float[] weights, int k, int p, int[] order, int count, float[] out) {
        kernels.dotsBipolarBatch(weights, 0, k, p, k, memTBits, kWords, order, 0, count, out, 0, count);
    }

    @Override
    protected void fields(long[] state, int from, int to, DamWorkspace ws, float c, float shift, float[] out,
                          int outOff) {
        for (int i = from; i < to; i++) {
            out[outOff + i - from] = field(i, ModelSupport.sign(state, i), ws, c, shift);
        }
    }

    @Override
    protected void flipOverlaps(int i, float newS, float[] overlaps) {
        kernels.axpyBipolar(2f * newS, memTBits, i * kWords, overlaps, 0, k);
    }

    @Override
    public float memory(int mu, int i) {
        return ((memBits[mu * words + (i >>> 6)] >>> i) & 1L) != 0 ? 1f : -1f;
    }

    /** Memory μ as a pattern. */
    public BipolarPattern memoryPattern(int mu) {
        return BipolarPattern.fromWords(memBits, mu * words, n);
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed);
        out.writeInt(k);
        for (int i = 0; i < k * words; i++) {
            out.writeLong(memBits[i]);
        }
    }

    static StoredDam read(int n, Params params, Kernels kernels, DataInput in) throws IOException {
        StoredDam d = new StoredDam(n, params, kernels, 0L);
        d.seed = in.readLong();
        int k = ModelSupport.readCount(in, 1 << 26, "stored dam memory count");
        ModelSupport.requireRemaining(in, Sizes.times(k, d.words, 8), "stored dam memories");
        long[] w = new long[d.words];
        for (int mu = 0; mu < k; mu++) {
            for (int j = 0; j < d.words; j++) {
                w[j] = in.readLong();
            }
            try {
                d.store(BipolarPattern.fromWords(w, n));
            } catch (IllegalArgumentException e) {
                throw new IOException("stored dam memory " + mu + " is malformed: " + e.getMessage(), e);
            }
        }
        return d;
    }
}
