package dev.engram.core.model.hopfield;

import dev.engram.api.AbstractModel;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Sizes;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.SeededWorkspace;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;
import dev.engram.core.model.ModelSupport;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The classical Hopfield network: a weight matrix W (N × N, row-major) learned by one of the rules below, and
 * the recall dynamics {@code x_i ← +1 if (Wx)_i > 0 else −1}.
 * <ul>
 *   <li>{@code hebbian}: {@code W ← λ W + η x xᵀ / N} on each store ({@code decay} λ, {@code rate} η: λ = 1,
 *       η = 1 is the classical {@code (1/N) Σ ξ ξᵀ}; λ &lt; 1 gives a palimpsest for continual storage).</li>
 *   <li>{@code storkey}: {@code W ← λ W + η ΔW}, {@code ΔW_ij = (x_i x_j − x_i h_ji − h_ij x_j) / N},
 *       {@code h_ij = Σ_{k≠i,j} W_ik x_k} (Storkey 1997).</li>
 *   <li>{@code pseudoinverse}: the projection rule {@code W = Xᵀ (X Xᵀ + εI)⁻¹ X} over all stored patterns
 *       (ε = 1e-6 N keeps duplicates well defined); decay and rate do not apply.</li>
 *   <li>{@code delta}: see {@link DeltaHopfieldNetwork}.</li>
 * </ul>
 * {@code diagonal=zero} (default) zeroes W's diagonal after every change; {@code keep} keeps the self-coupling.
 *
 * <p>Asynchronous recall (default) updates the free neurons one at a time in a seeded random order (seeded from
 * the model seed and the probe), keeping the local fields {@code h = Wx} up to date after each flip (O(N) per
 * flip), until a sweep changes nothing (converged) or {@code max-steps} sweeps have run. Synchronous recall
 * updates all free neurons from one state until nothing changes, a 2-cycle appears (stopped, not converged)
 * or {@code max-steps} steps have run. The energy is {@code E = −½ xᵀ W x}.
 *
 * <p><b>Pattern (low-rank) form.</b> With {@code rule=hebbian} and {@code decay=1},
 * {@code W = a Σ_μ ξ_μ ξ_μᵀ} ({@code a = rate/N}) less the diagonal, so {@code Wx = a (Σ_μ ξ_μ m_μ − d K x)} with the
 * overlaps {@code m_μ = ξ_μ·x} (XOR + popcount on packed bits) and {@code d} = 1 for {@code diagonal=zero}, 0 for
 * {@code keep}. While {@code K ≤ N/4} the network keeps its patterns as a K × N ±1 float matrix besides W and
 * computes every full field vector this way: K·N/64 popcount words plus K·N multiply-adds (L2-resident for K ≪ N)
 * instead of the N² weights (4 MiB at N = 1024). The bracket is an integer, computed exactly in float while
 * {@code K·N < 2²⁴}; fields that are exactly 0 go to −1 as the definition says (through W, float rounding of
 * 1/N decides them; no field is ever 0 when K is odd and N is even with diagonal=zero, or odd with keep).
 * Asynchronous recall still updates the fields after a flip from W's column (O(N)). A network read back from a
 * model file has only W and uses it.
 */
public class HopfieldNetwork extends AbstractModel implements BipolarMemory {
    /** The learning rules. */
    public enum Rule {
        HEBBIAN, STORKEY, DELTA, PSEUDOINVERSE;

        static Rule of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    protected final int n;
    protected final int words;
    protected final Kernels kernels;
    protected long seed;
    protected final Rule rule;
    protected final boolean zeroDiagonal;
    protected final float decay;
    protected final float rate;
    protected final boolean sync;
    protected final int maxSteps;
    /** The weights, row-major. */
    protected final float[] w;
    /** W's transpose (the same array when W is symmetric). */
    protected float[] wT;
    protected int count;
    /** Packed stored patterns (kept for the rules that need all of them, and for the pattern form). */
    protected long[] patterns = new long[0];
    /** The pattern form's K × N ±1 float matrix (row μ = pattern μ), or null when the form is off. */
    private float[] factors;
    /** Whether the pattern form is (still) possible: hebbian, decay 1, never read back from a file. */
    private boolean lowRank;

    protected HopfieldNetwork(int n, Params params, Kernels kernels, long seed, boolean symmetric) {
        super("hopfield", n, params);
        this.n = n;
        this.words = BipolarPattern.wordsFor(n);
        this.kernels = kernels;
        this.seed = seed;
        this.rule = Rule.of(params.getString("rule"));
        this.zeroDiagonal = params.getString("diagonal").equals("zero");
        this.decay = (float) params.getDouble("decay");
        this.rate = (float) params.getDouble("rate");
        this.sync = params.getString("recall").equals("sync");
        this.maxSteps = params.getInt("max-steps");
        // W (and Wᵀ when not symmetric), and the delta rule's or Storkey's N × N scratch
        int matrices = (symmetric ? 1 : 2) + (rule == Rule.STORKEY || rule == Rule.DELTA ? 1 : 0);
        String who = "hopfield with N = " + Sizes.count(n) + (matrices > 1 ? " (rule=" + params.getString("rule") + ")" : "");
        Sizes.requireMemory(who, Sizes.times((long) n * n, 4L * matrices), "weights");
        int nn = Sizes.requireArray(who, (long) n * n, 4, "weights");
        this.w = new float[nn];
        this.wT = symmetric ? w : new float[nn];
        this.lowRank = rule == Rule.HEBBIAN && decay == 1f;
        this.factors = lowRank ? new float[0] : null;
        if (rule == Rule.PSEUDOINVERSE && (decay != 1f || rate != 1f)) {
            throw new IllegalArgumentException("hopfield rule=pseudoinverse projects onto all stored patterns; "
                    + "decay and rate must stay 1.0 (got decay=" + decay + ", rate=" + rate + ")");
        }
    }

    HopfieldNetwork(int n, Params params, Kernels kernels, long seed) {
        this(n, params, kernels, seed, true);
    }

    @Override
    public int size() {
        return count;
    }

    /** Weight {@code W_ij}. */
    public float weight(int i, int j) {
        return w[i * n + j];
    }

    // ------------------------------------------------------------------ storage

    @Override
    public synchronized void store(BipolarPattern pattern) {
        requireNotFrozen("store patterns");
        requireDimension(pattern);
        float[] x = pattern.toFloatArray();
        switch (rule) {
            case HEBBIAN -> {
                hebbian(x, decay, rate);
                addFactor(pattern, x);
            }
            case STORKEY -> storkey(x);
            case PSEUDOINVERSE -> {
                keep(pattern);
                projection();
            }
            case DELTA -> storeDelta(pattern, x);
        }
        count++;
        weightsChanged();
    }

    /**
     * Hebbian storage of several patterns in one pass over W (a rank-K update, row by row, so that each row stays
     * in L1 while every pattern is added to it) instead of one pass per pattern: W is 4 MiB at N = 1024. Each
     * weight receives the same additions in the same order as with {@link #store} one pattern at a time, so the
     * result is identical. The other rules, and decay other than 1, store one pattern at a time.
     */
    @Override
    public synchronized void storeAll(List<BipolarPattern> list) {
        if (rule != Rule.HEBBIAN || decay != 1f || list.size() < 2) {
            for (BipolarPattern p : list) {
                store(p);
            }
            return;
        }
        requireNotFrozen("store patterns");
        float[][] xs = new float[list.size()][];
        for (int mu = 0; mu < xs.length; mu++) {
            requireDimension(list.get(mu));
            xs[mu] = list.get(mu).toFloatArray();
        }
        float a = rate / n;
        for (int i = 0; i < n; i++) {
            for (float[] x : xs) {
                kernels.axpy(a * x[i], x, 0, w, i * n, n);
            }
        }
        for (int mu = 0; mu < xs.length; mu++) {
            addFactor(list.get(mu), xs[mu]);
            count++;
        }
        weightsChanged();
    }

    /**
     * Keeps pattern number {@link #count} (packed and as a float row) for the pattern form, or switches the form
     * off once K would pass N/4 (or K·N the exact-integer range of float).
     */
    private void addFactor(BipolarPattern pattern, float[] x) {
        if (!lowRank) {
            return;
        }
        int k = count + 1;
        if (4L * k > n || (long) k * n >= (1L << 24)) {
            lowRank = false;
            factors = null;
            patterns = new long[0];
            return;
        }
        keep(pattern);
        if (k * n > factors.length) {
            factors = Arrays.copyOf(factors, Math.max(4 * n, Math.min(2 * factors.length, (n / 4) * n)));
        }
        System.arraycopy(x, 0, factors, count * n, n);
    }

    /** Switches the pattern form off for good (tests compare both forms). */
    void disablePatternForm() {
        lowRank = false;
        factors = null;
    }

    /** Whether full field vectors are computed from the stored patterns (the pattern form) rather than from W. */
    public boolean usesPatternForm() {
        return lowRank && count > 0;
    }

    /**
     * All fields {@code h = Wx} of a packed state: from W ({@code matVecBipolar}, N² weights) or, in the pattern
     * form, from the overlaps with the stored patterns.
     */
    private void fullFields(long[] state, float[] h, HopfieldWorkspace ws) {
        if (!lowRank || count == 0) {
            kernels.matVecBipolar(w, 0, n, n, state, 0, h, 0);
            return;
        }
        int k = count;
        int[] ov = ws.overlapsInt;
        kernels.overlaps(state, 0, patterns, 0, k, words, n, ov, 0);
        float[] m = ws.overlaps;
        for (int mu = 0; mu < k; mu++) {
            m[mu] = ov[mu];
        }
        kernels.matTVec(factors, 0, k, n, m, 0, h, 0);
        float a = rate / n;
        if (zeroDiagonal) {
            float self = k;
            for (int i = 0; i < n; i++) {
                float s = (int) ((state[i >>> 6] >>> i) & 1L) * 2 - 1; // branch-free ±1
                h[i] = a * (h[i] - self * s);
            }
        } else {
            kernels.scale(a, h, 0, n);
        }
    }

    /** Called after W changed: refreshes the transpose when there is one. */
    protected void weightsChanged() {
        if (zeroDiagonal) {
            for (int i = 0; i < n; i++) {
                w[i * n + i] = 0f;
            }
        }
        if (wT != w) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    wT[j * n + i] = w[i * n + j];
                }
            }
        }
    }

    /** The delta rule's own storage (overridden). */
    protected void storeDelta(BipolarPattern pattern, float[] x) {
        throw new IllegalStateException("rule=delta needs DeltaHopfieldNetwork");
    }

    protected final void keep(BipolarPattern pattern) {
        if ((count + 1) * words > patterns.length) {
            patterns = Arrays.copyOf(patterns, Math.max(16 * words, patterns.length * 2));
        }
        pattern.copyWordsTo(patterns, count * words);
    }

    protected final void hebbian(float[] x, float lambda, float eta) {
        if (lambda != 1f) {
            kernels.scale(lambda, w, 0, n * n);
        }
        float a = eta / n;
        for (int i = 0; i < n; i++) {
            kernels.axpy(a * x[i], x, 0, w, i * n, n);
        }
    }

    private void storkey(float[] x) {
        float[] hv = new float[n];
        kernels.matVec(w, 0, n, n, x, 0, hv, 0);
        float[] delta = new float[n * n];
        for (int i = 0; i < n; i++) {
            float wii = w[i * n + i];
            for (int j = 0; j < n; j++) {
                float wij = w[i * n + j];
                float wji = w[j * n + i];
                float wjj = w[j * n + j];
                float hij = i == j ? hv[i] - wii * x[i] : hv[i] - wii * x[i] - wij * x[j];
                float hji = i == j ? hv[j] - wjj * x[j] : hv[j] - wjj * x[j] - wji * x[i];
                delta[i * n + j] = (x[i] * x[j] - x[i] * hji - hij * x[j]) / n;
            }
        }
        if (decay != 1f) {
            kernels.scale(decay, w, 0, n * n);
        }
        kernels.axpy(rate, delta, 0, w, 0, n * n);
    }

    private void projection() {
        int k = count + 1;
        float[] x = new float[k * n];
        for (int mu = 0; mu < k; mu++) {
            for (int i = 0; i < n; i++) {
                x[mu * n + i] = ((patterns[mu * words + (i >>> 6)] >>> i) & 1L) != 0 ? 1f : -1f;
            }
        }
        double[] c = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double d = kernels.dot(x, a * n, x, b * n, n);
                c[a * k + b] = d;
                c[b * k + a] = d;
            }
            c[a * k + a] += 1e-6 * n;
        }
        // Cholesky: c = L Lᵀ (lower triangle in place)
        for (int j = 0; j < k; j++) {
            double s = c[j * k + j];
            for (int p = 0; p < j; p++) {
                s -= c[j * k + p] * c[j * k + p];
            }
            double d = Math.sqrt(s);
            c[j * k + j] = d;
            for (int i = j + 1; i < k; i++) {
                double t = c[i * k + j];
                for (int p = 0; p < j; p++) {
                    t -= c[i * k + p] * c[j * k + p];
                }
                c[i * k + j] = t / d;
            }
        }
        // B = C⁻¹ X, column by column
        float[] b = new float[k * n];
        double[] y = new double[k];
        for (int col = 0; col < n; col++) {
            for (int i = 0; i < k; i++) {
                double t = x[i * n + col];
                for (int p = 0; p < i; p++) {
                    t -= c[i * k + p] * y[p];
                }
                y[i] = t / c[i * k + i];
            }
            for (int i = k - 1; i >= 0; i--) {
                double t = y[i];
                for (int p = i + 1; p < k; p++) {
                    t -= c[p * k + i] * y[p];
                }
                y[i] = t / c[i * k + i];
            }
            for (int i = 0; i < k; i++) {
                b[i * n + col] = (float) y[i];
            }
        }
        Arrays.fill(w, 0f);
        for (int mu = 0; mu < k; mu++) {
            for (int i = 0; i < n; i++) {
                kernels.axpy(x[mu * n + i], b, mu * n, w, i * n, n);
            }
        }
    }

    // ------------------------------------------------------------------ recall

    /** Per-thread recall scratch of a Hopfield network. */
    public static final class HopfieldWorkspace extends SeededWorkspace {
        final long[] state;
        final long[] prev;
        final long[] tmp;
        final float[] h;
        final int[] order;
        /** Overlaps with the stored patterns (pattern form; at most N/4 patterns). */
        final float[] overlaps;
        final int[] overlapsInt;
        final float[] energy = new float[1];
        /** The probe of the current recall (its seed for the random order). */
        final long[] probeCopy;
        /** Batch scratch (grown on demand): the first fields of a block of probes. */
        float[] batchFields = new float[0];

        HopfieldWorkspace(int n) {
            int wd = BipolarPattern.wordsFor(n);
            probeCopy = new long[wd];
            state = new long[wd];
            prev = new long[wd];
            tmp = new long[wd];
            h = new float[n];
            order = new int[n];
            overlaps = new float[Math.max(1, n / 4)];
            overlapsInt = new int[Math.max(1, n / 4)];
        }
    }

    @Override
    public RecallWorkspace newWorkspace() {
        return new HopfieldWorkspace(n);
    }

    @Override
    public void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace workspace) {
        // until frozen, recall takes the lock that learning holds: correct while another thread learns
        if (isFrozen()) {
            recallIntoUnlocked(probe, out, update, workspace);
            return;
        }
        synchronized (this) {
            recallIntoUnlocked(probe, out, update, workspace);
        }
    }

    private void recallIntoUnlocked(long[] probe, long[] out, NeuronMask update, RecallWorkspace workspace) {
        ModelSupport.requirePacked(probe, n, "probe");
        ModelSupport.requireOut(out, n);
        ModelSupport.requireMask(update, n);
        if (!(workspace instanceof HopfieldWorkspace ws) || ws.h.length != n) {
            throw new IllegalArgumentException("workspace was not made by this hopfield model's newWorkspace()");
        }
        recallFrom(probe, 0, out, 0, update, ws, null, 0);
    }

    /** Probes per block of the batched first fields (bounds the scratch: block × N fields). */
    private static final int BATCH_BLOCK = 16;

    /**
     * A batch: the first fields {@code h = W s} of up to {@value #BATCH_BLOCK} probes at once with the block kernel
     * {@link Kernels#matVecBipolarBatch}, which reads W once per block instead of once per probe, then each probe's
     * recall from its fields. The block kernel gives exactly the single kernel's bits, so each result is exactly
     * {@link #recallInto}'s. (The later work of a recall, the flips' O(N) updates in async recall and the sync
     * steps' fields, is per probe.) In the pattern form (few patterns, no W) the probes are recalled one at a
     * time: batching their first fields (overlaps, then {@link Kernels#matTVecBatch}) measured slower.
     */
    @Override
    public int recallBatch(long[] probes, int probesOff, int count, long[] out, int outOff, NeuronMask update,
                           RecallWorkspace workspace) {
        if (isFrozen()) {
            return recallBatchUnlocked(probes, probesOff, count, out, outOff, update, workspace);
        }
        synchronized (this) {
            return recallBatchUnlocked(probes, probesOff, count, out, outOff, update, workspace);
        }
    }

    private int recallBatchUnlocked(long[] probes, int probesOff, int count, long[] out, int outOff, NeuronMask update,
                                    RecallWorkspace workspace) {
        BipolarMemory.requireBatchArrays(probes.length, probesOff, out.length, outOff, count, words);
        ModelSupport.requireMask(update, n);
        if (!(workspace instanceof HopfieldWorkspace ws) || ws.h.length != n) {
            throw new IllegalArgumentException("workspace was not made by this hopfield model's newWorkspace()");
        }
        // in the pattern form the first fields are about a tenth of a recall, and computing them for a block
        // measured slower than one probe at a time (52 against 44 µs per probe at N = 1024, K = 51), so there each
        // recall computes its own
        boolean blockFields = !(lowRank && this.count > 0);
        int b = Math.min(BATCH_BLOCK, count);
        if (blockFields && ws.batchFields.length < b * n) {
            ws.batchFields = new float[b * n];
        }
        int converged = 0;
        for (int p0 = 0; p0 < count; p0 += b) {
            int size = Math.min(b, count - p0);
            if (blockFields) {
                batchFullFields(probes, probesOff + p0 * words, size, ws);
            }
            for (int q = 0; q < size; q++) {
                recallFrom(probes, probesOff + (p0 + q) * words, out, outOff + (p0 + q) * words, update, ws,
                        blockFields ? ws.batchFields : null, q * n);
                if (ws.converged()) {
                    converged++;
                }
            }
        }
        return converged;
    }

    /** {@link #fullFields} of {@code size} packed states at {@code states[off + q·words]} into {@code ws.batchFields}. */
    private void batchFullFields(long[] states, int off, int size, HopfieldWorkspace ws) {
        kernels.matVecBipolarBatch(w, 0, n, n, states, off, size, ws.batchFields, 0);
    }

    /**
     * One recall from the probe at {@code probes[probeOff]} into {@code out[outOff]}; the first fields are computed
     * here, or copied from {@code fields[fieldsOff]} when that is not null.
     */
    private void recallFrom(long[] probes, int probeOff, long[] out, int outOff, NeuronMask update,
                            HopfieldWorkspace ws, float[] fields, int fieldsOff) {
        long[] state = ws.state;
        long[] probe = ws.probeCopy;
        System.arraycopy(probes, probeOff, probe, 0, words);
        System.arraycopy(probe, 0, state, 0, words);
        float[] h = ws.h;
        int cnt = update == null ? n : update.count();
        for (int j = 0; j < cnt; j++) {
            ws.order[j] = update == null ? j : update.neuron(j);
        }
        if (fields == null) {
            fullFields(state, h, ws);
        } else {
            System.arraycopy(fields, fieldsOff, h, 0, n);
        }
        int steps = 0;
        boolean converged = false;
        if (sync) {
            boolean first = true;
            while (steps < maxSteps) {
                steps++;
                System.arraycopy(state, 0, ws.tmp, 0, words);
                int flips = 0;
                if (update == null) { // every neuron: the new state is the sign vector of h
                    kernels.signToBits(h, 0, n, state, 0);
                    for (int t = 0; t < words; t++) {
                        flips += Long.bitCount(state[t] ^ ws.tmp[t]);
                    }
                } else {
                    for (int j = 0; j < cnt; j++) {
                        int i = ws.order[j];
                        boolean plus = h[i] > 0f;
                        if (plus != (((state[i >>> 6] >>> i) & 1L) != 0)) {
                            ModelSupport.set(state, i, plus);
                            flips++;
                        }
                    }
                }
                if (flips == 0) {
                    converged = true;
                    break;
                }
                fullFields(state, h, ws);
                if (!first && ModelSupport.sameWords(state, ws.prev, words)) {
                    break; // 2-cycle
                }
                first = false;
                System.arraycopy(ws.tmp, 0, ws.prev, 0, words);
            }
        } else {
            ws.reseed(seed, probe, words);
            while (steps < maxSteps) {
                steps++;
                ws.shuffle(ws.order, cnt);
                int flips = 0;
                for (int j = 0; j < cnt; j++) {
                    int i = ws.order[j];
                    boolean plus = h[i] > 0f;
                    if (plus != (((state[i >>> 6] >>> i) & 1L) != 0)) {
                        ModelSupport.set(state, i, plus);
                        kernels.axpy(plus ? 2f : -2f, wT, i * n, h, 0, n);
                        flips++;
                    }
                }
                if (flips == 0) {
                    converged = true;
                    break;
                }
            }
        }
        // E = −½ Σ s_i h_i: the signed sum of h is one bipolar row product
        kernels.matVecBipolar(h, 0, 1, n, state, 0, ws.energy, 0);
        System.arraycopy(state, 0, out, outOff, words);
        ws.finish(steps, converged, -0.5 * ws.energy[0]);
    }

    @Override
    public double energy(BipolarPattern state) {
        // until frozen, recall takes the lock that learning holds: correct while another thread learns
        if (isFrozen()) {
            return energyUnlocked(state);
        }
        synchronized (this) {
            return energyUnlocked(state);
        }
    }

    private double energyUnlocked(BipolarPattern state) {
        requireDimension(state);
        float[] h = new float[n];
        kernels.matVecBipolar(w, 0, n, n, state.words(), 0, h, 0);
        double e = 0;
        for (int i = 0; i < n; i++) {
            e += state.isPlus(i) ? h[i] : -h[i];
        }
        return -0.5 * e;
    }

    @Override
    public void fields(BipolarPattern state, NeuronMask neurons, float[] out) {
        // until frozen, recall takes the lock that learning holds: correct while another thread learns
        if (isFrozen()) {
            fieldsUnlocked(state, neurons, out);
            return;
        }
        synchronized (this) {
            fieldsUnlocked(state, neurons, out);
        }
    }

    private void fieldsUnlocked(BipolarPattern state, NeuronMask neurons, float[] out) {
        requireFieldArguments(state, neurons, out);
        long[] s = state.words();
        for (int j = 0; j < neurons.count(); j++) {
            int i = neurons.neuron(j);
            kernels.matVecBipolar(w, i * n, 1, n, s, 0, out, j);
        }
    }

    // ------------------------------------------------------------------ state

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed);
        out.writeInt(count);
        ModelSupport.writeFloats(out, w, w.length);
        int kept = rule == Rule.PSEUDOINVERSE || rule == Rule.DELTA ? count : 0;
        ModelSupport.writeLongs(out, patterns, kept * words);
    }

    /** Reads what {@link #writeState} wrote into this (new, empty) network. */
    void readState(DataInput in) throws IOException {
        lowRank = false; // the file has W only (the hebbian patterns are not saved)
        factors = null;
        seed = in.readLong();
        count = ModelSupport.readCount(in, Integer.MAX_VALUE, "hopfield pattern count");
        float[] ww = ModelSupport.readFloats(in, (long) n * n, "hopfield weights");
        System.arraycopy(ww, 0, w, 0, ww.length);
        int kept = rule == Rule.PSEUDOINVERSE || rule == Rule.DELTA ? count : 0;
        patterns = ModelSupport.readLongs(in, (long) kept * words, "hopfield stored patterns");
        weightsChanged();
    }
}
