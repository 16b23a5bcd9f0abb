package dev.engram.core.model.dam;

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
        ModelSupport.requireNotFrozen(this, "store patterns");
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
        long[] nb = new long[cap * words];
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

    @Override
    protected float field(int i, float s, float[] overlaps, float c, float shift) {
        return kernels.damFieldBits(interaction, c, shift, overlaps, k, memTBits, i * kWords, s);
    }

    @Override
    protected void fields(long[] state, int from, int to, float[] overlaps, float c, float shift, float[] out,
                          int outOff) {
        kernels.damFieldsBits(interaction, c, shift, overlaps, k, memTBits, kWords, state, from, to, out, outOff);
    }

    @Override
    protected void flipOverlaps(int i, float newS, float[] overlaps) {
        float d = 2f * newS;
        int base = i * kWords;
        for (int w = 0; w < kWords; w++) {
            long bits = memTBits[base + w];
            int lim = Math.min(64, k - (w << 6));
            for (int b = 0; b < lim; b++) {
                overlaps[(w << 6) + b] += ((bits >>> b) & 1L) != 0 ? d : -d;
            }
        }
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
