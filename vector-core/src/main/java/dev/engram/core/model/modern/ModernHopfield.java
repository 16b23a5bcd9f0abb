package dev.engram.core.model.modern;

import dev.engram.api.AbstractModel;
import dev.engram.api.Recall;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.SeededWorkspace;
import dev.engram.api.Sizes;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;
import dev.engram.core.model.ModelSupport;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The continuous modern Hopfield network (Ramsauer et al. 2020, "Hopfield Networks is All You Need"): stored
 * patterns are the columns of X (kept here as rows, pattern μ at {@code μ·N}); the update is
 * {@code ξ ← X softmax(β Xᵀ ξ)}, applied once ({@code max-steps=1}, the default: one step retrieves a
 * well-separated pattern) or iterated until the largest component change is below {@code epsilon}.
 * β defaults to {@code 1/√N} ({@code beta=0}). The energy is
 * {@code E = −β⁻¹ log Σ_μ e^(β x_μ·ξ) + ½ ξ·ξ + β⁻¹ log K + ½ M²}, M the largest pattern norm.
 *
 * <p>Storage: while every stored component is exactly +1 or −1 (random bipolar patterns, the usual benchmark),
 * the patterns are kept as packed bits, 1 bit per component (160 KB instead of 5 MB at N = 128, K = 10⁴), and a
 * step is {@link Kernels#softmaxCombineBits}; the first pattern with any other value converts them to floats
 * (row-major, K × N) for good and later steps use {@link Kernels#softmaxCombine}. Both give the same results
 * within float rounding, and the saved state is the same floats either way.
 */
public final class ModernHopfield extends AbstractModel implements RealMemory {
    private final int n;
    private final Kernels kernels;
    private long seed;
    private final float beta;
    private final int maxSteps;
    private final float epsilon;
    private final int words;
    /** Packed ±1 patterns ({@code words} per pattern) while {@link #bipolar}; null after the switch to floats. */
    private long[] bits = new long[0];
    /** Float patterns (row-major), used once a non-±1 pattern has been stored. */
    private float[] mem = new float[0];
    /** Whether every stored component so far is exactly ±1 (patterns in {@link #bits}). */
    private boolean bipolar = true;
    private int k;
    private float maxNormSq;

    ModernHopfield(int n, Params params, Kernels kernels, long seed) {
        super("modern", n, params);
        // a recall holds a few N-vectors of floats
        Sizes.requireArray("modern with N = " + Sizes.count(n), n, 16, "recall workspace floats");
        this.n = n;
        this.kernels = kernels;
        this.seed = seed;
        double b = params.getDouble("beta");
        this.beta = (float) (b == 0 ? 1.0 / Math.sqrt(n) : b);
        this.maxSteps = params.getInt("max-steps");
        this.epsilon = (float) params.getDouble("epsilon");
        this.words = (n + 63) >>> 6;
    }

    @Override
    public int size() {
        return k;
    }

    /** The inverse temperature in use. */
    public float beta() {
        return beta;
    }

    @Override
    public synchronized void store(RealVector pattern) {
        requireNotFrozen("store patterns");
        requireDimension(pattern);
        float[] v = new float[n];
        pattern.copyTo(v, 0);
        if (bipolar && isPlusMinusOne(v)) {
            if ((k + 1L) * words > bits.length) {
                bits = Arrays.copyOf(bits, grown(bits.length, (k + 1L) * words, 16L * words, 8, "packed pattern words"));
            }
            kernels.signToBits(v, 0, n, bits, k * words);
        } else {
            if (bipolar) {
                toFloats();
            }
            if ((k + 1L) * n > mem.length) {
                mem = Arrays.copyOf(mem, grown(mem.length, (k + 1L) * n, 16L * n, 4, "pattern values"));
            }
            System.arraycopy(v, 0, mem, k * n, n);
        }
        maxNormSq = Math.max(maxNormSq, kernels.dot(v, 0, v, 0, n));
        k++;
    }

    /** The next capacity of a growing array: doubled (at least {@code first}), checked before it is allocated. */
    private int grown(int length, long need, long first, int elementBytes, String what) {
        long cap = Math.max(need, Math.max(first, 2L * length));
        if (cap > Sizes.MAX_ARRAY && need <= Sizes.MAX_ARRAY) {
            cap = Sizes.MAX_ARRAY;
        }
        return Sizes.requireArray("modern with N = " + Sizes.count(n) + " and " + Sizes.count(k + 1L) + " patterns", cap,
                elementBytes, what);
    }

    private static boolean isPlusMinusOne(float[] v) {
        for (float f : v) {
            if (f != 1f && f != -1f) {
                return false;
            }
        }
        return true;
    }

    /** Unpacks the stored bits into the float layout and leaves the bipolar storage for good. */
    private void toFloats() {
        float[] m = new float[grown(0, (k + 1L) * n, Math.max(16L * n, 2L * (k + 1) * n), 4, "pattern values")];
        for (int mu = 0; mu < k; mu++) {
            unpack(mu, m, mu * n);
        }
        mem = m;
        bits = null;
        bipolar = false;
    }

    private void unpack(int mu, float[] to, int off) {
        int row = mu * words;
        for (int i = 0; i < n; i++) {
            to[off + i] = ((bits[row + (i >>> 6)] >>> i) & 1L) != 0 ? 1f : -1f;
        }
    }

    /** Whether the stored patterns are held as packed bits (every stored component so far is ±1). */
    public synchronized boolean isBitPacked() {
        return bipolar;
    }

    private void requireDimension(RealVector v) {
        if (v.size() != n) {
            throw new IllegalArgumentException("vector has dimension " + v.size() + "; this modern model has dimension " + n);
        }
    }

    /** Per-thread recall scratch. */
    public static final class ModernWorkspace extends SeededWorkspace {
        final float[] cur;
        final float[] next;

        /** Batch scratch (grown on demand): the probes' states, a block in and out, the active probes. */
        float[] batchCur = new float[0];
        float[] batchIn = new float[0];
        float[] batchOut = new float[0];
        int[] active = new int[0];

        ModernWorkspace(int n) {
            cur = new float[n];
            next = new float[n];
        }

        void ensureBatch(int count, int n) {
            if (active.length < count) {
                batchCur = new float[count * n];
                batchIn = new float[count * n];
                batchOut = new float[count * n];
                active = new int[count];
            }
        }
    }

    @Override
    public RecallWorkspace newWorkspace() {
        return new ModernWorkspace(n);
    }

    /**
     * Retrieves from {@code probe} into {@code out} (both N floats); allocates nothing after warm-up. The
     * workspace receives the steps and the convergence flag; its energy is NaN (computing it costs another pass
     * over X: {@link #recall(RealVector)} and {@link #energy} compute it).
     */
    @Override
    public void recallInto(float[] probe, float[] out, RecallWorkspace workspace) {
        // until frozen, recall takes the lock that learning holds: correct while another thread learns
        if (isFrozen()) {
            recallIntoUnlocked(probe, out, workspace);
            return;
        }
        synchronized (this) {
            recallIntoUnlocked(probe, out, workspace);
        }
    }

    private void recallIntoUnlocked(float[] probe, float[] out, RecallWorkspace workspace) {
        if (probe.length != n || out.length != n) {
            throw new IllegalArgumentException("probe and output need " + n + " floats, got " + probe.length + " and "
                    + out.length);
        }
        if (!(workspace instanceof ModernWorkspace ws) || ws.cur.length != n) {
            throw new IllegalArgumentException("workspace was not made by this modern model's newWorkspace()");
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(probe[i])) {
                throw new IllegalArgumentException("probe component " + i + " is " + probe[i] + "; expected a finite value");
            }
        }
        if (k == 0) {
            System.arraycopy(probe, 0, out, 0, n);
            ws.finish(0, true, Double.NaN);
            return;
        }
        boolean packed = bipolar;
        long[] pbits = bits;
        float[] fmem = mem;
        float[] cur = ws.cur;
        float[] next = ws.next;
        System.arraycopy(probe, 0, cur, 0, n);
        int steps = 0;
        boolean converged = false;
        while (steps < maxSteps) {
            steps++;
            // one pass over X (online softmax), not matVec + softmax + matTVec
            if (packed) {
                kernels.softmaxCombineBits(beta, pbits, 0, k, n, cur, 0, next, 0);
            } else {
                kernels.softmaxCombine(beta, fmem, 0, k, n, cur, 0, next, 0);
            }
            float change = 0f;
            for (int i = 0; i < n; i++) {
                change = Math.max(change, Math.abs(next[i] - cur[i]));
            }
            float[] t = cur;
            cur = next;
            next = t;
            if (change < epsilon) {
                converged = true;
                break;
            }
        }
        System.arraycopy(cur, 0, out, 0, n);
        ws.finish(steps, converged, Double.NaN);
    }

    /**
     * Retrieves a batch with the block kernels ({@link Kernels#softmaxCombineBitsBatch} or
     * {@link Kernels#softmaxCombineBatch}): each step runs all probes that have not yet converged as one block
     * (scores {@code Q·Xᵀ}, softmax per probe, {@code S·X}), so X is read once per block instead of once per probe.
     * Results agree with {@link #recallInto} within float rounding: the Panama block kernel sums each score and each
     * output in another order than the single-probe kernel (tested at about {@code 4·(β(N+2)u·N + (K+4)u + 4·10⁻⁶)}
     * absolute per component, u = 2⁻²⁴; a probe near a convergence threshold may take one step more or less);
     * the scalar kernels give exactly the single-probe results. Allocates only when the batch is larger than
     * any before on this workspace.
     */
    @Override
    public int recallBatch(float[] probes, int probesOff, int count, float[] out, int outOff, RecallWorkspace workspace) {
        if (isFrozen()) {
            return recallBatchUnlocked(probes, probesOff, count, out, outOff, workspace);
        }
        synchronized (this) {
            return recallBatchUnlocked(probes, probesOff, count, out, outOff, workspace);
        }
    }

    private int recallBatchUnlocked(float[] probes, int probesOff, int count, float[] out, int outOff,
                                    RecallWorkspace workspace) {
        dev.engram.api.BipolarMemory.requireBatchArrays(probes.length, probesOff, out.length, outOff, count, n);
        if (!(workspace instanceof ModernWorkspace ws) || ws.cur.length != n) {
            throw new IllegalArgumentException("workspace was not made by this modern model's newWorkspace()");
        }
        for (int i = 0; i < count * n; i++) {
            if (!Float.isFinite(probes[probesOff + i])) {
                throw new IllegalArgumentException("probe " + i / n + " component " + i % n + " is "
                        + probes[probesOff + i] + "; expected a finite value");
            }
        }
        if (count == 0) {
            return 0;
        }
        if (k == 0) {
            System.arraycopy(probes, probesOff, out, outOff, count * n);
            ws.finish(0, true, Double.NaN);
            return count;
        }
        ws.ensureBatch(count, n);
        float[] in = ws.batchIn;
        float[] res = ws.batchOut;
        int[] active = ws.active;
        // the states live in out unless out overlaps the probes; the first step reads the probes where they are,
        // and a step in which no probe has converged yet reads the states in place (no gathering): fewer copies
        // of P × N floats, which at P = 256 made the working set overflow L2 (the same values either way)
        boolean direct = probes != out || probesOff >= outOff + count * n || outOff >= probesOff + count * n;
        float[] cur = direct ? out : ws.batchCur;
        int curOff = direct ? outOff : 0;
        if (!direct) {
            System.arraycopy(probes, probesOff, cur, 0, count * n);
        }
        int live = count;
        for (int j = 0; j < count; j++) {
            active[j] = j;
        }
        int steps = 0;
        int converged = 0;
        while (steps < maxSteps && live > 0) {
            float[] src;
            int srcOff;
            if (live == count) {
                src = direct && steps == 0 ? probes : cur;
                srcOff = direct && steps == 0 ? probesOff : curOff;
            } else {
                for (int a = 0; a < live; a++) {
                    System.arraycopy(cur, curOff + active[a] * n, in, a * n, n);
                }
                src = in;
                srcOff = 0;
            }
            steps++;
            if (bipolar) {
                kernels.softmaxCombineBitsBatch(beta, bits, 0, k, n, src, srcOff, live, res, 0, null, 0);
            } else {
                kernels.softmaxCombineBatch(beta, mem, 0, k, n, src, srcOff, live, res, 0, null, 0);
            }
            int kept = 0;
            for (int a = 0; a < live; a++) {
                float change = 0f;
                int o = a * n;
                int so = srcOff + o;
                for (int i = 0; i < n; i++) {
                    change = Math.max(change, Math.abs(res[o + i] - src[so + i]));
                }
                System.arraycopy(res, o, cur, curOff + active[a] * n, n);
                if (change < epsilon) {
                    converged++;
                } else {
                    active[kept++] = active[a];
                }
            }
            live = kept;
        }
        if (!direct) {
            System.arraycopy(cur, 0, out, outOff, count * n);
        } else if (steps == 0) {
            System.arraycopy(probes, probesOff, out, outOff, count * n);
        }
        ws.finish(steps, live == 0, Double.NaN);
        return converged;
    }

    @Override
    public Recall<RealVector> recall(RealVector probe) {
        // until frozen, recall takes the lock that learning holds: correct while another thread learns
        if (isFrozen()) {
            return recallUnlocked(probe);
        }
        synchronized (this) {
            return recallUnlocked(probe);
        }
    }

    private Recall<RealVector> recallUnlocked(RealVector probe) {
        requireDimension(probe);
        ModernWorkspace ws = (ModernWorkspace) newWorkspace();
        float[] out = new float[n];
        recallInto(probe.toArray(), out, ws);
        RealVector state = RealVector.of(out);
        return new Recall<>(state, ws.steps(), ws.converged(), energy(state));
    }

    @Override
    public double energy(RealVector state) {
        // until frozen, recall takes the lock that learning holds: correct while another thread learns
        if (isFrozen()) {
            return energyUnlocked(state);
        }
        synchronized (this) {
            return energyUnlocked(state);
        }
    }

    private double energyUnlocked(RealVector state) {
        requireDimension(state);
        float[] x = state.toArray();
        double half = 0.5 * kernels.dot(x, 0, x, 0, n);
        if (k == 0) {
            return half;
        }
        double lse;
        if (bipolar) {
            lse = kernels.softmaxCombineBits(beta, bits, 0, k, n, x, 0, new float[n], 0);
        } else {
            float[] scores = new float[k];
            kernels.matVec(mem, 0, k, n, x, 0, scores, 0);
            lse = kernels.logSumExp(beta, scores, 0, k);
        }
        return -lse / beta + half + Math.log(k) / beta + 0.5 * maxNormSq;
    }

    /** Stored pattern μ. */
    public RealVector pattern(int mu) {
        if (mu < 0 || mu >= k) {
            throw new IndexOutOfBoundsException("pattern " + mu + " of " + k);
        }
        if (bipolar) {
            float[] v = new float[n];
            unpack(mu, v, 0);
            return RealVector.of(v);
        }
        return RealVector.of(Arrays.copyOfRange(mem, mu * n, (mu + 1) * n));
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed);
        out.writeInt(k);
        if (bipolar) {
            // the same floats the float layout would write (format unchanged)
            out.writeInt(k * n);
            float[] row = new float[n];
            for (int mu = 0; mu < k; mu++) {
                unpack(mu, row, 0);
                for (float f : row) {
                    out.writeFloat(f);
                }
            }
        } else {
            ModelSupport.writeFloats(out, mem, k * n);
        }
    }

    static ModernHopfield read(int n, Params params, Kernels kernels, DataInput in) throws IOException {
        ModernHopfield m = new ModernHopfield(n, params, kernels, 0L);
        m.seed = in.readLong();
        int k = ModelSupport.readCount(in, Integer.MAX_VALUE / Math.max(1, n), "modern pattern count");
        float[] x = ModelSupport.readFloats(in, (long) k * n, "modern patterns");
        for (int mu = 0; mu < k; mu++) {
            m.store(RealVector.of(Arrays.copyOfRange(x, mu * n, (mu + 1) * n)));
        }
        return m;
    }
}
