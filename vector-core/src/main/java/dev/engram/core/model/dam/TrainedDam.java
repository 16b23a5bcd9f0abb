package dev.engram.core.model.dam;

import dev.engram.api.BipolarPattern;
import dev.engram.api.Sizes;
import dev.engram.api.NeuronMask;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import dev.engram.api.param.Params;
import dev.engram.core.kernel.BitMatrix;
import dev.engram.core.model.ModelSupport;
import dev.engram.core.model.Parallel;
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
 * class neurons start at −1, as in recall; {@code train-state=targets} keeps them at their targets, as the
 * authors' library does); {@code Y_i = tanh(field_i(x))}, target {@code t_i} the item's value, loss
 * {@code L = Σ (Y_i − t_i)^(2m)}. The closed-form gradient is
 * {@code dL/dξ_μ = 2m (Y−t)^(2m−1) (1−Y²) c [F'(a+) x(i+) − F'(a−) x(i−)]}; summed over the trained
 * neurons it is one rank-one term {@code A ⊗ x} (O(NK) per item) plus a correction on component i.
 * Two paths compute it, the same maths up to float rounding: {@code training=per-item} one item at a time
 * (overlaps by {@code matVecBipolar}, the gradient by {@code axpy}), and the default {@code training=batched},
 * where the batch's overlaps are one matrix product {@code H = X·Ξᵀ}, its gradient another, {@code G = Aᵀ·X}
 * ({@link Kernels#gemm}), and each trained neuron needs one interaction power per memory because one of its two
 * arguments, {@code c·h}, is shared by all neurons ({@link Kernels#damFlipTerms}); the work is split over
 * {@code threads} in fixed ranges of memories (an item's field summed per group of {@value #GROUP} memories, then
 * over the groups in order), so the result is the same bits for any
 * thread count (the exponential interaction included: the Panama kernels' exp is the same bits interpreted
 * and compiled). {@code training=batched-bits} is the batched path with both products taken from the packed ±1
 * states by {@link Kernels#bipolarProduct} (tables of signed sums, no multiplications; the gradient written
 * transposed, straight into G's rows): other rounding than {@code gemm}, the same thread-count promise.
 * The optimiser: momentum {@code V ← p V + g}; per-memory normalised step
 * {@code Δξ_μ = −lr V_μ / max(max_i |V_μi|, 1e-30)} (the library's floor); memories clamped to [−1, 1];
 * {@code lr = lr0 · decay^epoch} and the temperature ramps linearly from {@code temperature} to
 * {@code temperature-final} over a task's epochs (reaching it at the last epoch; {@code temperature-ramp=fraction}:
 * epoch/epochs, as the library). Recall and fields use the final temperature ({@code recall-scale=unit}: 1/N).
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
    private final boolean batched;
    /** {@code training=batched-bits}: the batch's two ±1 products by {@link Kernels#bipolarProduct}, not {@code gemm}. */
    private final boolean bitProducts;
    /** Memories per group ({@link #GROUP}; lower in tests). */
    private final int group;
    /**
     * The batched path: each part's memories transposed on their own (N × the part's width), written by
     * the update and read by the next batch on the same thread, so that no cache line of a transposed row is
     * written by two threads (memT's rows are shared at every part boundary). {@code null} until that path runs
     * or after the parameters changed.
     */
    private float[][] memTp;
    /** Whether memT lags behind mem (the update wrote only {@link #memTp}); recall rebuilds it first. */
    private boolean memTStale;
    private final int threads;
    private final boolean trainAtTargets;
    private final boolean unitRecallScale;
    private final boolean clampInit;
    private final boolean rampToEnd;
    private double lr;
    // training scratch of the per-item path (training is single-threaded)
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
        // the memories, their transpose, the momentum and the per-item path's corrections: four K × N floats, and
        // with batched training the transpose by parts: five
        String who = "dam with K = " + Sizes.count(k) + " memories and N = " + Sizes.count(n);
        String training = params.getString("training");
        boolean batchedTraining = !training.equals("per-item");
        boolean bitProducts = training.equals("batched-bits");
        Sizes.requireMemory(who, Sizes.times(k, n, (batchedTraining ? 5L : 4L) * 4),
                "memories, their transpose" + (batchedTraining ? " (whole and by parts)" : "") + ", momentum and corrections");
        int kn = Sizes.requireArray(who, (long) k * n, 4, "memory values");
        this.mem = new float[kn];
        this.memT = new float[kn];
        this.velocity = new float[kn];
        this.epochs = params.getInt("epochs");
        this.batchSize = params.getInt("batch-size");
        this.lr0 = params.getDouble("learning-rate");
        this.lrDecay = params.getDouble("learning-rate-decay");
        this.momentum = params.getDouble("momentum");
        this.errorPower = params.getInt("error-power");
        this.tInit = resolveTemperature(params.getDouble("temperature"), params.getDouble("temperature-overlap"));
        double tf = params.getDouble("temperature-final");
        this.tFinal = tf == 0 ? tInit : tf;
        if (tf != 0) {
            requireUsableTemperature(tf, "temperature-final");
        }
        this.batched = batchedTraining;
        this.bitProducts = bitProducts;
        this.group = groupSize;
        this.threads = Parallel.threads(params.getInt("threads"));
        this.trainAtTargets = params.getString("train-state").equals("targets");
        this.unitRecallScale = params.getString("recall-scale").equals("unit");
        this.clampInit = params.getBoolean("init-clamp");
        this.rampToEnd = params.getString("temperature-ramp").equals("endpoint");
        this.lr = lr0;
        this.tState = new long[words];
        this.tx = new float[n];
        this.th = new float[k];
        this.tA = new float[k];
        this.dPlus = new float[k];
        this.dMinus = new float[k];
        this.corrT = new float[kn];
        this.touched = new boolean[n];
        double std = params.getDouble("init-std");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < mem.length; i++) {
            double v = rng.nextGaussian() * std;
            mem[i] = (float) (clampInit ? Math.max(-1.0, Math.min(1.0, v)) : v);
        }
        transpose();
    }

    /** memT = memᵀ (and the per-part copies out of date). */
    private void transpose() {
        transposeRows(0, k);
        memTp = null;
        memTStale = false;
    }

    /** memT as recall and the other training paths read it: rebuilt where the update wrote only the parts. */
    private void currentMemT() {
        if (memTStale) {
            transposeRows(0, k);
            memTStale = false;
        }
    }

    /** Freezing makes memT current first: recall on a frozen model does not take the lock. */
    @Override
    public synchronized void freeze() {
        currentMemT();
        super.freeze();
    }

    /** memT's columns mu0..mu1−1 from mem's rows. */
    private void transposeRows(int mu0, int mu1) {
        kernels.transpose(mu1 - mu0, n, mem, mu0 * n, n, memT, mu0, k);
    }

    /** What one thread does with a range of memories. */
    @FunctionalInterface
    private interface Rows {
        void run(int part, int mu0, int mu1);
    }

    /**
     * The per-part transposed memories for the current partition, made (each part by the thread that owns it) when
     * there are none yet.
     */
    private float[][] partsOfMemT() {
        int parts = memoryParts(threads);
        float[][] t = memTp;
        if (t == null || t.length != parts) {
            float[][] made = new float[parts][];
            Parallel.run(parts, parts, (task, part) -> {
                int mu0 = partStart(part, parts);
                int mu1 = partStart(part + 1, parts);
                made[part] = new float[n * (mu1 - mu0) + PAD];
                kernels.transpose(mu1 - mu0, n, mem, mu0 * n, n, made[part], 0, mu1 - mu0);
            });
            memTp = made;
            t = made;
        }
        return t;
    }

    /**
     * Runs {@code body} on the memories in one contiguous range per thread (over {@code threads} when there is
     * enough work); the work is element by element, so the bits do not depend on the split. Contiguous, not
     * interleaved blocks: the transpose writes memT's columns, and interleaved blocks of 16 floats would share
     * cache lines between the threads on every row; and the same ranges as the batched gradient's, so a thread
     * updates the rows it computed.
     */
    private void rowRanges(Rows body) {
        int parts = memoryParts(threads);
        Parallel.run(parts, parts, (task, part) -> body.run(part, partStart(part, parts), partStart(part + 1, parts)));
    }

    @Override
    protected int k() {
        return k;
    }

    @Override
    public int size() {
        return k;
    }

    /**
     * The scale recall, fields and energy use: β/N at the current temperature, or with {@code recall-scale=unit}
     * 1/N (Krotov's form: 1) whatever the training temperature, as the authors' library relaxes. Training always
     * uses the current temperature.
     */
    @Override
    public float scale() {
        return unitRecallScale ? (float) (krotov ? 1.0 : 1.0 / n) : scaleFor(temperature);
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
        currentMemT();
        return kernels.damField(interaction, c, shift, ws.overlaps, k, memT, i * k, s);
    }

    @Override
    protected void fields(long[] state, int from, int to, DamWorkspace ws, float c, float shift, float[] out,
                          int outOff) {
        currentMemT();
        kernels.damFields(interaction, c, shift, ws.overlaps, k, memT, state, from, to, out, outOff);
    }

    @Override
    protected void flipOverlaps(int i, float newS, float[] overlaps) {
        currentMemT();
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
    public synchronized void setParameters(float[] values) {
        requireNotFrozen("change its parameters");
        if (values.length != mem.length) {
            throw new IllegalArgumentException("dam has " + mem.length + " parameters (K=" + k + " x N=" + n
                    + "), got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (clampInit ? !(v >= -1f && v <= 1f) : !Float.isFinite(v)) {
                throw new IllegalArgumentException("parameter " + i + " is " + v + "; dam memories accept "
                        + (clampInit ? "[-1, 1]" : "finite values (init-clamp=false)"));
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
        float c = scaleFor(temperature);
        if (interaction.kind() == dev.engram.api.kernel.Interaction.Kind.EXPONENTIAL && c * (n + 2.0) > 85) {
            throw new IllegalStateException("dam training with the exponential interaction at temperature "
                    + temperature + " would overflow e^x in float (largest exponent " + c * (n + 2.0)
                    + "); use a temperature of at least " + (krotov ? (n + 2.0) / 85 : (n + 2.0) / (85.0 * n)));
        }
        for (Item item : batch) {
            requireDimension(item.state());
        }
        if (!batched) {
            return accumulatePerItem(batch, grad, outputNorm, c);
        }
        return accumulateBatched(batch, grad, outputNorm, c);
    }

    /** One trained neuron's loss: (Y − t)^(2m), or Y² for the output norm (MAS). */
    private static double lossTerm(boolean outputNorm, double y, double t, int m2) {
        return outputNorm ? y * y : dev.engram.api.kernel.Interaction.pow(y - t, m2);
    }

    /** d(loss term)/d(field) · c: the factor of the neuron's F' terms in the gradient. */
    private static double lossFactor(boolean outputNorm, double y, double t, int m2, float c) {
        return outputNorm ? 2 * y * (1 - y * y) * c
                : m2 * dev.engram.api.kernel.Interaction.pow(y - t, m2 - 1) * (1 - y * y) * c;
    }

    /**
     * The training state of an item: its state, with the trained neurons of a proper-subset mask at −1
     * ({@code train-state=recall}: the state recall starts from) or left at their targets ({@code targets}).
     */
    private void trainingState(Item item, long[] state) {
        trainingState(item, state, 0);
    }

    /** {@link #trainingState(Item, long[])} into the words at {@code state[off..]}. */
    private void trainingState(Item item, long[] state, int off) {
        item.state().copyWordsTo(state, off);
        NeuronMask mask = item.trained();
        if (!trainAtTargets && mask != null && !mask.isAll()) {
            for (int j = 0; j < mask.count(); j++) {
                int i = mask.neuron(j);
                state[off + (i >>> 6)] &= ~(1L << (i & 63));
            }
        }
    }

    /** Today's reference path: one item at a time, overlaps by {@code matVecBipolar}, the gradient by axpy. */
    private double accumulatePerItem(List<Item> batch, float[] grad, boolean outputNorm, float c) {
        Arrays.fill(grad, 0f);
        double total = 0;
        int m2 = 2 * errorPower;
        for (Item item : batch) {
            BipolarPattern target = item.state();
            NeuronMask mask = item.trained();
            boolean all = mask == null || mask.isAll();
            int count = all ? n : mask.count();
            trainingState(item, tState);
            ModelSupport.unpack(tState, n, tx);
            kernels.matVecBipolar(mem, 0, k, n, tState, 0, th, 0);
            Arrays.fill(tA, 0f);
            for (int j = 0; j < count; j++) {
                int i = all ? j : mask.neuron(j);
                float s = tx[i];
                double y = Math.tanh(kernels.damField(interaction, c, 0f, th, k, memT, i * k, s));
                double t = target.isPlus(i) ? 1.0 : -1.0;
                total += lossTerm(outputNorm, y, t, m2);
                double g = lossFactor(outputNorm, y, t, m2, c);
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

    /** Floats of padding after each per-task array (two cache lines: the adjacent-line prefetcher pairs them). */
    static final int PAD = 32;
    /** Batches of fewer than this many item × neuron × memory terms train on the calling thread alone. */
    static final long PARALLEL_WORK = 1L << 21;
    /**
     * {@link #PARALLEL_WORK} as this class uses it: tests lower it so that small models take the split path (the
     * bits must not change).
     */
    static volatile long parallelWork = PARALLEL_WORK;

    /** Memories per group of the batched path: an item's field is summed per group, then over the groups. */
    static final int GROUP = 128;
    /** Floats up to which the batched path keeps every F' it computed for the second pass. */
    static final long KEEP_LIMIT = 1L << 22;
    /** {@link #GROUP} and {@link #KEEP_LIMIT} as new models take them: tests lower them to reach every path. */
    static volatile int groupSize = GROUP;
    static volatile long keepLimit = KEEP_LIMIT;

    /** The arrays of the batched path, grown to the largest batch and trained-neuron count. */
    private static final class Batch {
        final int capacity;        // items
        final int terms;           // item × trained-neuron pairs
        // per part (a range of memories, one per thread), capacity × the range's width, so that no cache line
        // is written by two threads: the overlaps, the rank-one coefficients, F'(c·h)
        final float[][] h;
        final float[][] a;
        final float[][] dS;
        final float[][] x;         // per task: the training states as ±1 floats
        final long[][] state;      // per task: the training states, packed, a row of words each
        final long[][] stateT;     // per task (batched-bits): the states transposed, a row of bits over items per neuron
        final int itemWords;       // words of a row of stateT
        final long[][] block;      // per task (batched-bits): 64 words of scratch for the transpose
        final long[] builtFor;     // per task: the batch (serial) its x holds
        long serial;               // batches seen
        final int[] first;         // per item: its first term (terms of item it: first[it] .. first[it + 1] − 1)
        final float[][] partial;   // per group: the flip sums of every term
        final float[][] kept;      // per group: F' at every term's flipped argument (null: computed again)
        final double[] loss;       // per item
        final float[][] th;        // per task: one group's overlaps, F(c·h), F'(c·h), F'(flipped)
        final float[][] fS;
        final float[][] dSt;
        final float[][] dF;
        final int[][] colOffs;     // per task: one item's trained neurons' column offsets and values
        final float[][] signs;
        final float[][] coef;      // per task: one item's coefficients of its trained neurons' F' rows in A, then
                                   // the correction's and the shared term's (one each, after the n of the item)
        final float[][][] thG;     // per task, per group: one item's overlaps and F(c·h), where F' is computed again
        final float[][][] fSG;
        final float[][][] corr;    // per task: per neuron, the corrections of the task's memories
        final boolean[][] touched; // per task: per neuron

        Batch(int capacity, int terms, int n, int k, int group, int words, int tasks, boolean keep, boolean bits) {
            this.capacity = capacity;
            this.terms = terms;
            long floats = (long) capacity * n + 3L * capacity * k;
            if (floats > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("a dam training batch of " + capacity + " items needs " + floats
                        + " floats of scratch; use a smaller batch-size");
            }
            int groups = (k + group - 1) / group;
            h = new float[tasks][capacity * k + PAD];
            a = new float[tasks][capacity * k + PAD];
            dS = new float[tasks][capacity * k + PAD];
            x = new float[tasks][capacity * n + PAD];
            state = new long[tasks][capacity * words + PAD / 2];
            itemWords = (capacity + 63) >>> 6;
            stateT = bits ? new long[tasks][n * itemWords + PAD / 2] : null;
            block = bits ? new long[tasks][64 + PAD / 2] : null;
            builtFor = new long[tasks];
            first = new int[capacity + 1];
            partial = new float[groups][terms + PAD];
            kept = new float[groups][];
            for (int g = 0; g < groups; g++) {
                kept[g] = keep ? new float[terms * Math.min(group, k - g * group) + PAD] : null;
            }
            loss = new double[capacity];
            th = new float[tasks][group + PAD];
            fS = new float[tasks][group + PAD];
            dSt = new float[tasks][group + PAD];
            dF = new float[tasks][group + PAD];
            coef = new float[tasks][n + 2 + PAD];
            colOffs = new int[tasks][n];
            signs = new float[tasks][n];
            thG = keep ? null : new float[tasks][groups][group + PAD];
            fSG = keep ? null : new float[tasks][groups][group + PAD];
            corr = new float[tasks][n][];
            touched = new boolean[tasks][n + PAD];
        }
    }

    private Batch scratch;

    /**
     * The batched path: the overlaps of the whole batch are one matrix product {@code H = X·Ξᵀ} and the gradient
     * another, {@code G = Aᵀ·X} (both {@link Kernels#gemm}), plus per-item terms of the trained neurons, all split
     * by contiguous ranges of memories (the same ranges in which the optimiser and the update run), so that a
     * thread works on the same memories in every phase and nothing but the field sums passes between cores. An
     * item's field for neuron i is s·Σ_μ (F(c·h_μ) − F(c·(h_μ − 2sξ_μi))): it is summed over each group of
     * {@value #GROUP} memories (one chain per group, as {@code damFlipTerms} sums) and then over the groups in
     * order, so it depends on the groups, never on the threads. Two hand-overs per batch: (1) the states, the
     * overlaps H = X·Ξᵀ of the thread's memories, their F, F' and every trained neuron's flipped terms per group;
     * (2) from all groups' sums each neuron's loss factor (every thread computes them all, the same bits), then
     * the rank-one coefficients A and the per-neuron corrections of the thread's memories, and G = Aᵀ·X for them.
     * It differs from the per-item path only by float rounding (the order of those sums). Per-task scratch arrays
     * are padded, as false sharing of their ends once cost a third of the second core. (Until 2026-12-03 a second
     * form, {@code term-split=items}, split the per-item terms by chunks of items instead; it summed each field in
     * one chain and was slower on two threads.)
     */
    private double accumulateBatched(List<Item> batch, float[] grad, boolean outputNorm, float c) {
        int b = batch.size();
        if (b == 0) {
            Arrays.fill(grad, 0f);
            return 0;
        }
        int threads = (long) b * n * k < parallelWork ? 1 : this.threads;
        // the partition of the update (whatever this batch's size), so that each part finds its transposed rows
        float[][] tp = partsOfMemT();
        int parts = tp.length;
        int groups = (k + group - 1) / group;
        int terms = 0;
        for (Item item : batch) {
            terms += trainedCount(item);
        }
        boolean keep = (long) terms * k <= keepLimit;
        Batch s = scratch;
        if (s == null || s.capacity < b || s.terms < terms || s.x.length < parts || (keep ? s.kept[0] == null : s.thG == null)) {
            s = new Batch(Math.max(b, s == null ? 0 : s.capacity), Math.max(terms, s == null ? 0 : s.terms),
                    n, k, group, words, Math.max(parts, s == null ? 0 : s.x.length), keep, bitProducts);
            scratch = s;
        }
        Batch z = s;
        int at = 0;
        for (int it = 0; it < b; it++) {
            z.first[it] = at;
            at += trainedCount(batch.get(it));
        }
        z.first[b] = at;
        int m2 = 2 * errorPower;
        long serial = ++z.serial;
        // 1. per thread: the states, H for its memories, and each group's F, F' and flipped terms
        Parallel.run(threads, parts, (task, part) -> {
            float[] x = statesFor(z, task, serial, batch);
            int mu0 = partStart(part, parts);
            int mu1 = partStart(part + 1, parts);
            int w = mu1 - mu0;
            float[] h = z.h[part];
            float[] cols = tp[part];
            if (bitProducts) {
                kernels.bipolarProduct(false, b, w, n, z.state[task], 0, words, cols, 0, w, h, 0, w);
            } else {
                kernels.gemm(false, false, b, w, n, x, 0, n, cols, 0, w, h, 0, w);
            }
            float[] th = z.th[task];
            float[] fS = z.fS[task];
            float[] dS = z.dSt[task];
            float[] dF = z.dF[task];
            for (int g = mu0 / group; g * group < mu1; g++) {
                int g0 = g * group;
                int len = Math.min(group, k - g0);
                float[] partial = z.partial[g];
                float[] kept = z.kept[g];
                for (int it = 0; it < b; it++) {
                    System.arraycopy(h, it * w + g0 - mu0, th, 0, len);
                    kernels.damSharedTerms(interaction, c, th, len, fS, dS);
                    System.arraycopy(dS, 0, z.dS[part], it * w + g0 - mu0, len);
                    NeuronMask mask = batch.get(it).trained();
                    boolean all = mask == null || mask.isAll();
                    int t0 = z.first[it];
                    int count = z.first[it + 1] - t0;
                    int[] offs = z.colOffs[task];
                    float[] signs = z.signs[task];
                    for (int j = 0; j < count; j++) {
                        int i = all ? j : mask.neuron(j);
                        offs[j] = i * w + g0 - mu0;
                        signs[j] = x[it * n + i];
                    }
                    if (kept != null) {
                        // the item's kept F' rows are contiguous: one call for all its trained neurons
                        kernels.damFlipTermsBlock(interaction, c, th, fS, len, cols, offs, signs, count, kept, t0 * len,
                                partial, t0);
                    } else {
                        for (int j = 0; j < count; j++) {
                            partial[t0 + j] = kernels.damFlipTerms(interaction, c, th, fS, len, cols, offs[j],
                                    signs[j], dF);
                        }
                    }
                }
            }
        });
        // 2. per thread: every term's loss factor from the groups' sums, then A, the corrections and G for its memories
        Parallel.run(threads, parts, (task, part) -> {
            float[] x = statesFor(z, task, serial, batch);
            int mu0 = partStart(part, parts);
            int mu1 = partStart(part + 1, parts);
            int w = mu1 - mu0;
            float[] cols = tp[part];
            float[] h = z.h[part];
            float[] a = z.a[part];
            float[] dSp = z.dS[part];
            float[] dS = z.dSt[task];
            float[] dF = z.dF[task];
            float[][] corr = z.corr[task];
            boolean[] touchedHere = z.touched[task];
            for (int it = 0; it < b; it++) {
                Item item = batch.get(it);
                BipolarPattern target = item.state();
                NeuronMask mask = item.trained();
                boolean all = mask == null || mask.isAll();
                int t0 = z.first[it];
                int count = z.first[it + 1] - t0;
                Arrays.fill(a, it * w, it * w + w, 0f);
                if (!keep) {
                    // F' at the flipped arguments was not kept: this item's overlaps and F(c·h) per group, once
                    for (int g = mu0 / group; g * group < mu1; g++) {
                        int len = Math.min(group, k - g * group);
                        System.arraycopy(h, it * w + g * group - mu0, z.thG[task][g], 0, len);
                        kernels.damSharedTerms(interaction, c, z.thG[task][g], len, z.fSG[task][g], dS);
                    }
                }
                // Every sum into A and the corrections is a gemm (one FMA chain per element, in index order), not
                // an axpy, whose lanes and scalar tail round differently: with an axpy an element's bits would depend
                // on where its part starts (so on the thread count) and on whether F' was kept.
                float[] co = z.coef[task];
                int cc = n;          // co[cc]: the correction's coefficient, co[cc + 1]: the shared term's
                double loss = 0;
                float shared = 0f;
                for (int j = 0; j < count; j++) {
                    int i = all ? j : mask.neuron(j);
                    float sx = x[it * n + i];
                    float r = z.partial[0][t0 + j];
                    for (int g = 1; g < groups; g++) {
                        r += z.partial[g][t0 + j];
                    }
                    double y = Math.tanh(sx * r);
                    double t = target.isPlus(i) ? 1.0 : -1.0;
                    loss += lossTerm(outputNorm, y, t, m2);
                    double gl = lossFactor(outputNorm, y, t, m2, c);
                    co[j] = 0f;
                    if (gl == 0) {
                        continue;
                    }
                    float gf = (float) gl;
                    co[j] = -gf * sx;
                    co[cc] = 2 * gf;
                    float[] cr = corr[i];
                    if (cr == null) {
                        cr = new float[k];
                        corr[i] = cr;
                    }
                    for (int g = mu0 / group; g * group < mu1; g++) {
                        int g0 = g * group;
                        int len = Math.min(group, k - g0);
                        float[] f;
                        int fOff;
                        if (keep) {
                            f = z.kept[g];
                            fOff = (t0 + j) * len;
                        } else {
                            kernels.damFlipTerms(interaction, c, z.thG[task][g], z.fSG[task][g], len, cols,
                                    i * w + g0 - mu0, sx, dF);
                            f = dF;
                            fOff = 0;
                            kernels.gemm(false, true, 1, len, 1, co, j, 1, f, fOff, len, a, it * w + g0 - mu0, w);
                        }
                        kernels.gemm(false, true, 1, len, 1, co, cc, 1, f, fOff, len, cr, g0, k);
                    }
                    shared += gf * sx;
                    touchedHere[i] = true;
                }
                for (int g = mu0 / group; g * group < mu1; g++) {
                    int g0 = g * group;
                    int len = Math.min(group, k - g0);
                    int ao = it * w + g0 - mu0;
                    if (keep && count > 0) {
                        // the kept F' rows of the item's terms are contiguous: one product for all of them
                        kernels.gemm(false, true, 1, len, count, co, 0, count, z.kept[g], t0 * len, len, a, ao, w);
                    }
                    if (shared != 0f) {
                        co[cc + 1] = shared;
                        kernels.gemm(false, true, 1, len, 1, co, cc + 1, 1, dSp, ao, w, a, ao, w);
                    }
                }
                if (part == 0) {
                    z.loss[it] = loss;
                }
            }
            if (bitProducts) {
                // Gᵀ = Sᵀ·A from the states' transposed bits (N × w), written transposed: G's rows
                kernels.bipolarProduct(true, n, w, b, z.stateT[task], 0, z.itemWords, a, 0, w, grad, mu0 * n, n);
            } else {
                kernels.gemm(true, false, w, n, b, a, 0, w, x, 0, n, grad, mu0 * n, n);
            }
            for (int i = 0; i < n; i++) {
                if (!touchedHere[i]) {
                    continue;
                }
                touchedHere[i] = false;
                float[] cr = corr[i];
                for (int mu = mu0; mu < mu1; mu++) {
                    grad[mu * n + i] += cr[mu];
                    cr[mu] = 0f;
                }
            }
        });
        double total = 0;
        for (int it = 0; it < b; it++) {
            total += z.loss[it];
        }
        return total;
    }

    /** How many neurons {@code item} trains. */
    private int trainedCount(Item item) {
        NeuronMask mask = item.trained();
        return mask == null || mask.isAll() ? n : mask.count();
    }

    /** Task {@code task}'s copy of the batch's training states, built when it does not hold batch {@code serial}. */
    private float[] statesFor(Batch z, int task, long serial, List<Item> batch) {
        if (z.builtFor[task] != serial) {
            trainingStates(batch, z.state[task], z.x[task]);
            if (z.stateT != null) {
                // neuron i's bits over the items: the packed rows of Sᵀ for the gradient
                BitMatrix.transpose(z.state[task], 0, batch.size(), words, n, z.stateT[task], z.itemWords,
                        z.block[task]);
            }
            z.builtFor[task] = serial;
        }
        return z.x[task];
    }

    /** The items of {@code batch} packed in rows of {@code st} and as ±1 floats in rows of {@code x}. */
    private void trainingStates(List<Item> batch, long[] st, float[] x) {
        for (int it = 0; it < batch.size(); it++) {
            trainingState(batch.get(it), st, it * words);
            // ±1 floats from the packed bits: zeros plus ±1, vectorised (the bit-by-bit loop was 8 % of an epoch)
            Arrays.fill(x, it * n, it * n + n, 0f);
            kernels.axpyBipolar(1f, st, it * words, x, it * n, n);
        }
    }

    /**
     * How many contiguous ranges of memories the work on memories is cut into: one per thread when the model is
     * big enough, the same for the gradient, the optimiser and the update, so that each thread keeps touching the
     * same rows (and memT columns) in its own cache.
     */
    private int memoryParts(int threads) {
        int blocks = (k + group - 1) / group;
        return Parallel.tasks((long) k * n < parallelWork / 16 ? 1 : threads, blocks);
    }

    /** The first memory of range {@code part} of {@code parts} (whole groups of {@code group} memories). */
    private int partStart(int part, int parts) {
        int blocks = (k + group - 1) / group;
        return Math.min(k, (int) ((long) blocks * part / parts) * group);
    }

    @Override
    public synchronized void beginEpoch(int epoch, int epochs) {
        lr = lr0 * Math.pow(lrDecay, epoch);
        double frac = rampToEnd ? (epochs > 1 ? (double) epoch / (epochs - 1) : 1.0) : (double) epoch / epochs;
        temperature = tInit + (tFinal - tInit) * frac;
    }

    @Override
    public synchronized void beginTask() {
        Arrays.fill(velocity, 0f);
    }

    @Override
    public void updateFromGradient(float[] grad, float[] delta) {
        float p = (float) momentum;
        // three simple loops per memory, which C2 vectorises (the same operations per element as one loop)
        rowRanges((part, mu0, mu1) -> {
            for (int mu = mu0; mu < mu1; mu++) {
                int row = mu * n;
                for (int i = row; i < row + n; i++) {
                    velocity[i] = p * velocity[i] + grad[i];
                }
                float step = (float) (-lr / Math.max(maxAbs(velocity, row, n), PRECISION));
                for (int i = row; i < row + n; i++) {
                    delta[i] = step * velocity[i];
                }
            }
        });
    }

    /** The per-memory max-normalised step of {@code grad} alone (no momentum; optimiser state untouched). */
    @Override
    public void stepDirection(float[] grad, float[] out) {
        for (int mu = 0; mu < k; mu++) {
            int row = mu * n;
            float step = (float) (-lr / Math.max(maxAbs(grad, row, n), PRECISION));
            for (int i = 0; i < n; i++) {
                out[row + i] = step * grad[row + i];
            }
        }
    }

    /**
     * The floor of the per-memory normaliser max_i |V_μi| (the authors' library's {@code precision}): a memory whose
     * velocity is below it everywhere moves by less than lr instead of by lr in a direction that is rounding
     * noise (and −lr / max is then a finite float; without a floor a max of 1e-40 gave an infinite step and NaN
     * memories).
     */
    static final double PRECISION = 1e-30;

    /** max_i |v[off + i]| over {@code len} values (0 for none; exact, so the order does not matter). */
    private static float maxAbs(float[] v, int off, int len) {
        float max = 0f;
        for (int i = off; i < off + len; i++) {
            max = Math.max(max, Math.abs(v[i]));
        }
        return max;
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
    public synchronized void applyUpdate(float[] delta) {
        requireNotFrozen("be trained");
        float[][] parts = batched ? partsOfMemT() : null;
        rowRanges((part, mu0, mu1) -> {
            for (int i = mu0 * n; i < mu1 * n; i++) {
                mem[i] = Math.min(1f, Math.max(-1f, mem[i] + delta[i]));
            }
            if (parts == null) {
                transposeRows(mu0, mu1);
            } else {
                kernels.transpose(mu1 - mu0, n, mem, mu0 * n, n, parts[part], 0, mu1 - mu0);
            }
        });
        if (parts != null) {
            memTStale = true;
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
            if (d.clampInit ? !(m[i] >= -1f && m[i] <= 1f) : !Float.isFinite(m[i])) {
                throw new IOException("trained dam memory value " + i + " is " + m[i] + "; expected "
                        + (d.clampInit ? "[-1, 1]" : "a finite value"));
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
