package dev.engram.core.model.dam;

import dev.engram.api.AbstractModel;
import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Sizes;
import dev.engram.api.NeuronMask;
import dev.engram.api.RecallWorkspace;
import dev.engram.api.SeededWorkspace;
import dev.engram.api.kernel.Interaction;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;
import dev.engram.core.model.ModelSupport;

/**
 * The Dense Associative Memory (Krotov &amp; Hopfield 2016) over bipolar states: the recall dynamics shared by
 * directly stored memories ({@link StoredDam}) and trained ones ({@link TrainedDam}).
 *
 * <p>With {@code h_μ = ξ_μ · x} the field of neuron i is
 * {@code Σ_μ F(c (h_μ − x_i ξ_μi + ξ_μi)) − F(c (h_μ − x_i ξ_μi − ξ_μi))}, with {@code c = β / N} in the
 * normalised form of McAlister et al. and {@code c = β = 1/T} in Krotov's form (computed as F(ξ·x / T), which
 * equals Krotov's {@code β = 1/T^n} outside F for the polynomial interactions and keeps floats in range).
 * A neuron becomes +1 when its field is positive, −1 otherwise. For the exponential interaction every term is
 * evaluated as {@code e^(arg − shift)} with {@code shift = c · max_μ h_μ}: fields are scaled by a positive
 * constant, their signs are exact, nothing overflows.
 *
 * <p>Synchronous recall updates all free neurons from one state, up to {@code max-steps} steps, until nothing
 * changes (converged) or the state repeats the one two steps back (a 2-cycle: stopped, not converged).
 * Asynchronous recall sweeps the free neurons in a seeded random order, keeping the overlaps up to date after
 * every flip (O(K) per flip), until a sweep changes nothing or {@code max-steps} sweeps have run. The order is
 * seeded from the model seed and the probe, so a given probe always gives the same answer.
 */
public abstract class DenseAssociativeMemory extends AbstractModel implements BipolarMemory {
    protected final int n;
    protected final int words;
    protected final Kernels kernels;
    protected long seed;
    protected final Interaction interaction;
    protected final boolean krotov;
    protected final boolean sync;
    protected final int maxSteps;
    /** The temperature recall uses (trained models ramp it during training). */
    protected volatile double temperature;

    protected DenseAssociativeMemory(int n, Params params, Kernels kernels, long seed) {
        super("dam", n, params);
        // a recall workspace holds N fields and N indices (and a trained dam's N × K are checked where they are made)
        Sizes.requireArray("dam with N = " + Sizes.count(n), n, 8, "recall workspace floats and indices");
        this.n = n;
        this.words = BipolarPattern.wordsFor(n);
        this.kernels = kernels;
        this.seed = seed;
        this.interaction = Interaction.of(params.getString("interaction"), params.getInt("n"));
        this.krotov = params.getString("form").equals("krotov");
        this.sync = params.getString("recall").equals("sync");
        this.maxSteps = params.getInt("max-steps");
        this.temperature = resolveTemperature(params.getDouble("temperature"), params.getDouble("temperature-overlap"));
        requireUsableTemperature(temperature, "temperature");
    }

    /**
     * Refuses a temperature whose scale c = β/N (or β in Krotov's form) is not a finite, positive float: recall
     * and training would compute only NaN. (A temperature that overflows only at some overlaps is found while
     * learning: {@link dev.engram.api.learn.SequentialTrainer} stops with a divergence naming it.)
     */
    protected final void requireUsableTemperature(double t, String name) {
        float c = scaleFor(t);
        if (!(Float.isFinite(c) && c > 0)) {
            double least = krotov ? 1.0 / Float.MAX_VALUE : 1.0 / ((double) Float.MAX_VALUE * n);
            throw new IllegalArgumentException("parameter '" + name + "' of model 'dam' is " + t + ": the scale "
                    + (krotov ? "beta" : "beta/N") + " = " + c + " is not a finite float at N = " + n
                    + ", so recall gives NaN; accepted: " + name + " >= "
                    + String.format(java.util.Locale.ROOT, "%.3g", least)
                    + (name.equals("temperature") ? " (or 0 = automatic)" : " (or 0 = the same as temperature)"));
        }
    }

    /**
     * The temperature to use for a declared one: {@code 0} means automatic, chosen so that the field a memory
     * whose normalised overlap with the state is {@code q} ({@code temperature-overlap}; 1 = a perfect match)
     * gives a neuron is about 1, the scale at which tanh training neither vanishes nor saturates:
     * {@code 2n (β/N) (β q)^(n−1) = 1}, so in the normalised form {@code β = (N / (2n q^(n−1)))^(1/n)} (q = 1:
     * {@code (N/2n)^(1/n)}) and in Krotov's form {@code T = (2n)^(1/n) (N q)^((n−1)/n)} (N = 784, n = 20, q = 1
     * gives T ≈ 670, close to Krotov's 540); for the exponential interaction {@code β = 2 ln N} (normalised) or
     * {@code T = N / (2 ln N)} (Krotov's form), sharp enough to store many more than N patterns, whatever q.
     */
    protected final double resolveTemperature(double declared, double q) {
        if (declared > 0) {
            return declared;
        }
        if (interaction.kind() == Interaction.Kind.EXPONENTIAL) {
            double beta = 2 * Math.log(Math.max(3, n));
            return krotov ? n / beta : 1.0 / beta;
        }
        int deg = interaction.n();
        return krotov ? Math.pow(2.0 * deg, 1.0 / deg) * Math.pow(n * q, (deg - 1.0) / deg)
                : 1.0 / Math.pow(n / (2.0 * deg * Math.pow(q, deg - 1.0)), 1.0 / deg);
    }

    public Interaction interaction() {
        return interaction;
    }

    /** The temperature T in use (β = 1/T). */
    public double temperature() {
        return temperature;
    }

    /** The scale c inside F: β/N (normalised) or β (Krotov's form). */
    public float scale() {
        return scaleFor(temperature);
    }

    protected final float scaleFor(double t) {
        return (float) (krotov ? 1.0 / t : 1.0 / (t * n));
    }

    // ------------------------------------------------------------------ what the two modes provide

    /** Number of memories K. */
    protected abstract int k();

    /** Overlaps {@code h_μ = ξ_μ · state} into {@code out[0..K)}. */
    protected abstract void overlaps(long[] state, float[] out, DamWorkspace ws);

    /**
     * Called whenever the overlaps ({@code ws.overlaps}) or the shift changed, before fields are asked for: a
     * model may precompute per-memory terms here (O(K)). Does nothing by default.
     */
    protected void prepare(DamWorkspace ws, int k, float c, float shift) {
    }

    /** The field of neuron {@code i} whose current value is {@code s} ({@code ws.overlaps} = the overlaps). */
    protected abstract float field(int i, float s, DamWorkspace ws, float c, float shift);

    /** Fields of neurons {@code from..to-1} into {@code out[outOff..]}. */
    protected abstract void fields(long[] state, int from, int to, DamWorkspace ws, float c, float shift, float[] out,
                                   int outOff);

    /**
     * How many neurons' fields {@link #orderedFields} computes together (1: one at a time through {@link #field}).
     * Asynchronous recall asks for the next this many neurons of its order at once and uses their fields until a
     * neuron flips; then it asks again from the next neuron (a flip changes every later field). A field must come
     * out the same whichever block it is computed in.
     */
    protected int fieldBlock() {
        return 1;
    }

    /**
     * Fields of neurons {@code order[from..from+count)} in {@code state} into {@code out[0..count)}; by default
     * {@link #field} one by one.
     */
    protected void orderedFields(long[] state, int[] order, int from, int count, DamWorkspace ws, float c, float shift,
                                 float[] out) {
        for (int j = 0; j < count; j++) {
            int i = order[from + j];
            out[j] = field(i, ModelSupport.sign(state, i), ws, c, shift);
        }
    }

    /**
     * Whether {@link #batchFields} is implemented: the fields of several states at once from their per-state weights,
     * with exactly the values {@link #orderedFields} gives (used by the batched sync recall).
     *
     * @return false unless a subclass has the block kernel
     */
    protected boolean hasBatchFields() {
        return false;
    }

    /**
     * The fields without the self term of {@code p} states, from their weights (state a's at {@code weights[a·k]},
     * as {@link #prepare} leaves in the workspace): {@code out[a·count + j]} for neuron {@code order[j]}; the caller
     * adds {@code s·constant}. Only called when {@link #hasBatchFields()}.
     *
     * @param weights the per-state weights, {@code p · k} floats
     * @param k       the number of memories
     * @param p       the number of states
     * @param order   the neurons
     * @param count   the number of neurons
     * @param out     receives the {@code p · count} fields
     */
    protected void batchFields(float[] weights, int k, int p, int[] order, int count, float[] out) {
        throw new UnsupportedOperationException("no batch fields");
    }

    /** Neuron {@code i} has just become {@code newS}: {@code overlaps[μ] += 2 newS ξ_μi}. */
    protected abstract void flipOverlaps(int i, float newS, float[] overlaps);

    /** Memory μ's value at neuron i. */
    public abstract float memory(int mu, int i);

    // ------------------------------------------------------------------ recall

    @Override
    public RecallWorkspace newWorkspace() {
        return new DamWorkspace(n, Math.max(1, k()));
    }

    /** Per-thread recall scratch of a DAM. */
    public static final class DamWorkspace extends SeededWorkspace {
        final long[] state;
        final long[] prev;
        final long[] tmp;
        float[] overlaps;
        int[] overlapsInt;
        /** Per-memory scratch a model may use in {@link #prepare}. */
        float[] weights;
        float[] argA;
        float[] argB;
        float[] valA;
        float[] valB;
        float constant;
        final float[] fields;
        final int[] order;
        /** One neuron index, for single-row kernels that take a list of rows. */
        final int[] row = new int[1];
        /** Batched sync recall: states, previous states, overlaps, weights and fields of a group of probes. */
        long[][] bState = new long[0][];
        long[][] bPrev = new long[0][];
        long[][] bTmp = new long[0][];
        float[][] bOverlaps = new float[0][];
        float[] bWeights = new float[0];
        float[] bConstant = new float[0];
        float[] bFields = new float[0];
        int[] bSteps = new int[0];
        boolean[] bFirst = new boolean[0];
        int[] bActive = new int[0];

        DamWorkspace(int n, int k) {
            int w = BipolarPattern.wordsFor(n);
            state = new long[w];
            prev = new long[w];
            tmp = new long[w];
            alloc(k);
            fields = new float[n];
            order = new int[n];
        }

        void ensure(int k) {
            if (overlaps.length < k) {
                alloc(Math.max(k, overlaps.length * 2));
            }
        }

        private void alloc(int cap) {
            overlaps = new float[cap];
            overlapsInt = new int[cap];
            weights = new float[cap];
            argA = new float[cap];
            argB = new float[cap];
            valA = new float[cap];
            valB = new float[cap];
        }

        /** The overlaps of the last recall's final state (for tests and diagnostics). */
        public float[] overlaps() {
            return overlaps;
        }
    }

    /** The exponent shift that keeps the exponential interaction in range (0 for the others). */
    protected final float shift(float[] overlaps, int k, float c) {
        if (interaction.kind() != Interaction.Kind.EXPONENTIAL) {
            return 0f;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int mu = 0; mu < k; mu++) {
            max = Math.max(max, overlaps[mu]);
        }
        return c * max;
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
        if (!(workspace instanceof DamWorkspace ws) || ws.fields.length != n) {
            throw new IllegalArgumentException("workspace was not made by this dam model's newWorkspace()");
        }
        int k = k();
        ws.ensure(k);
        System.arraycopy(probe, 0, ws.state, 0, words);
        if (k == 0) {
            System.arraycopy(ws.state, 0, out, 0, words);
            ws.finish(0, true, 0.0);
            return;
        }
        float c = scale();
        float[] h = ws.overlaps;
        overlaps(ws.state, h, ws);
        int count = update == null ? n : update.count();
        for (int j = 0; j < count; j++) {
            ws.order[j] = update == null ? j : update.neuron(j);
        }
        int steps = 0;
        boolean converged = false;
        if (sync) {
            boolean contiguous = update == null || update.neuron(count - 1) - update.neuron(0) == count - 1;
            int from = ws.order[0];
            System.arraycopy(ws.state, 0, ws.prev, 0, words);
            boolean first = true;
            while (steps < maxSteps) {
                steps++;
                float shift = shift(h, k, c);
                prepare(ws, k, c, shift);
                if (fieldBlock() > 1) {
                    orderedFields(ws.state, ws.order, 0, count, ws, c, shift, ws.fields);
                } else if (contiguous) {
                    fields(ws.state, from, from + count, ws, c, shift, ws.fields, 0);
                } else {
                    for (int j = 0; j < count; j++) {
                        int i = ws.order[j];
                        ws.fields[j] = field(i, ModelSupport.sign(ws.state, i), ws, c, shift);
                    }
                }
                System.arraycopy(ws.state, 0, ws.tmp, 0, words);
                int flips = 0;
                for (int j = 0; j < count; j++) {
                    int i = ws.order[j];
                    boolean plus = ws.fields[j] > 0f;
                    boolean was = ((ws.state[i >>> 6] >>> i) & 1L) != 0;
                    if (plus != was) {
                        ModelSupport.set(ws.state, i, plus);
                        flipOverlaps(i, plus ? 1f : -1f, h);
                        flips++;
                    }
                }
                if (flips == 0) {
                    converged = true;
                    break;
                }
                if (!first && ModelSupport.sameWords(ws.state, ws.prev, words)) {
                    break; // 2-cycle
                }
                first = false;
                System.arraycopy(ws.tmp, 0, ws.prev, 0, words);
            }
        } else {
            ws.reseed(seed, probe, words);
            boolean exponential = interaction.kind() == Interaction.Kind.EXPONENTIAL;
            while (steps < maxSteps) {
                steps++;
                ws.shuffle(ws.order, count);
                float shift = shift(h, k, c);
                prepare(ws, k, c, shift);
                int flips = 0;
                int block = fieldBlock();
                int j = 0;
                while (j < count) {
                    // fields of the next neurons from one set of weights; valid until one of them flips
                    int m = Math.min(block, count - j);
                    orderedFields(ws.state, ws.order, j, m, ws, c, shift, ws.fields);
                    int q = 0;
                    for (; q < m; q++) {
                        int i = ws.order[j + q];
                        boolean was = ((ws.state[i >>> 6] >>> i) & 1L) != 0;
                        boolean plus = ws.fields[q] > 0f;
                        if (plus != was) {
                            ModelSupport.set(ws.state, i, plus);
                            flipOverlaps(i, plus ? 1f : -1f, h);
                            flips++;
                            if (exponential) {
                                shift = shift(h, k, c);
                            }
                            prepare(ws, k, c, shift);
                            q++;
                            break;
                        }
                    }
                    j += q;
                }
                if (flips == 0) {
                    converged = true;
                    break;
                }
            }
        }
        System.arraycopy(ws.state, 0, out, 0, words);
        ws.finish(steps, converged, energyFromOverlaps(h, k, c));
    }

    /** Probes per group of the batched sync recall (bounds its scratch: group × K weights, group × N fields). */
    private static final int BATCH_GROUP = 16;

    /**
     * Sync recall of a batch with block fields ({@link #hasBatchFields}, the stored dam): up to
     * {@value #BATCH_GROUP} probes step together, and each step computes the fields of all their unconverged states
     * in one block kernel that reads each memory row once for the group. Every value is the one
     * {@link #recallInto} computes, so each result is exactly its single recall. Otherwise (async, or a trained dam)
     * the probes are recalled one at a time.
     */
    @Override
    public int recallBatch(long[] probes, int probesOff, int count, long[] out, int outOff, NeuronMask update,
                           RecallWorkspace workspace) {
        if (!sync || !hasBatchFields() || count < 2) {
            return BipolarMemory.super.recallBatch(probes, probesOff, count, out, outOff, update, workspace);
        }
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
        if (!(workspace instanceof DamWorkspace ws) || ws.fields.length != n) {
            throw new IllegalArgumentException("workspace was not made by this dam model's newWorkspace()");
        }
        int k = k();
        if (k == 0) {
            return BipolarMemory.super.recallBatch(probes, probesOff, count, out, outOff, update, workspace);
        }
        ws.ensure(k);
        int cnt = update == null ? n : update.count();
        for (int j = 0; j < cnt; j++) {
            ws.order[j] = update == null ? j : update.neuron(j);
        }
        int g = Math.min(BATCH_GROUP, count);
        if (ws.bState.length < g || ws.bOverlaps[0].length < k) {
            ws.bState = new long[g][words];
            ws.bPrev = new long[g][words];
            ws.bTmp = new long[g][words];
            ws.bOverlaps = new float[g][Math.max(k, ws.overlaps.length)];
            ws.bSteps = new int[g];
            ws.bFirst = new boolean[g];
            ws.bActive = new int[g];
            ws.bConstant = new float[g];
        }
        if (ws.bWeights.length < g * k) {
            ws.bWeights = new float[g * k];
        }
        if (ws.bFields.length < g * n) {
            ws.bFields = new float[g * n];
        }
        float c = scale();
        int converged = 0;
        int lastSteps = 0;
        boolean lastConverged = true;
        for (int g0 = 0; g0 < count; g0 += g) {
            int size = Math.min(g, count - g0);
            int live = 0;
            for (int q = 0; q < size; q++) {
                System.arraycopy(probes, probesOff + (g0 + q) * words, ws.bState[q], 0, words);
                System.arraycopy(ws.bState[q], 0, ws.bPrev[q], 0, words);
                overlaps(ws.bState[q], ws.bOverlaps[q], ws);
                ws.bSteps[q] = 0;
                ws.bFirst[q] = true;
                ws.bActive[live++] = q;
            }
            while (live > 0) {
                // one step of every live state: weights per state, then the fields of all in one block
                for (int a = 0; a < live; a++) {
                    int q = ws.bActive[a];
                    ws.bSteps[q]++;
                    float[] h = ws.bOverlaps[q];
                    float shift = shift(h, k, c);
                    float[] saved = ws.overlaps;
                    ws.overlaps = h;
                    prepare(ws, k, c, shift);
                    ws.overlaps = saved;
                    ws.bConstant[a] = ws.constant;
                    System.arraycopy(ws.weights, 0, ws.bWeights, a * k, k);
                }
                batchFields(ws.bWeights, k, live, ws.order, cnt, ws.bFields);
                int kept = 0;
                for (int a = 0; a < live; a++) {
                    int q = ws.bActive[a];
                    long[] state = ws.bState[q];
                    float[] h = ws.bOverlaps[q];
                    int fo = a * cnt;
                    float constant = ws.bConstant[a];
                    for (int j = 0; j < cnt; j++) {
                        ws.bFields[fo + j] += ModelSupport.sign(state, ws.order[j]) * constant;
                    }
                    System.arraycopy(state, 0, ws.bTmp[q], 0, words);
                    int flips = 0;
                    for (int j = 0; j < cnt; j++) {
                        int i = ws.order[j];
                        boolean plus = ws.bFields[fo + j] > 0f;
                        boolean was = ((state[i >>> 6] >>> i) & 1L) != 0;
                        if (plus != was) {
                            ModelSupport.set(state, i, plus);
                            flipOverlaps(i, plus ? 1f : -1f, h);
                            flips++;
                        }
                    }
                    boolean done;
                    if (flips == 0) {
                        converged++;
                        lastConverged = true;
                        done = true;
                    } else if (!ws.bFirst[q] && ModelSupport.sameWords(state, ws.bPrev[q], words)) {
                        lastConverged = false;
                        done = true; // 2-cycle
                    } else {
                        ws.bFirst[q] = false;
                        System.arraycopy(ws.bTmp[q], 0, ws.bPrev[q], 0, words);
                        done = ws.bSteps[q] >= maxSteps;
                        lastConverged = false;
                    }
                    if (done) {
                        lastSteps = ws.bSteps[q];
                        System.arraycopy(state, 0, out, outOff + (g0 + q) * words, words);
                    } else {
                        ws.bActive[kept++] = q;
                    }
                }
                live = kept;
            }
        }
        ws.finish(lastSteps, lastConverged, Double.NaN);
        return converged;
    }

    /** {@code −Σ_μ F(c h_μ)} (exact also for the exponential interaction, in double). */
    protected final double energyFromOverlaps(float[] h, int k, float c) {
        float shift = shift(h, k, c);
        double e = kernels.damEnergy(interaction, c, shift, h, k);
        return shift == 0f ? e : e * Math.exp(shift);
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
        int k = k();
        if (k == 0) {
            return 0.0;
        }
        DamWorkspace ws = (DamWorkspace) newWorkspace();
        overlaps(state.words(), ws.overlaps, ws);
        return energyFromOverlaps(ws.overlaps, k, scale());
    }

    /**
     * Fields of {@code neurons} in {@code state}. For the exponential interaction they are scaled by
     * {@code e^(−c · max_μ h_μ)} (a positive constant for one call, so signs and the argmax are exact).
     */
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
        int k = k();
        if (k == 0) {
            java.util.Arrays.fill(out, 0, neurons.count(), 0f);
            return;
        }
        DamWorkspace ws = (DamWorkspace) newWorkspace();
        long[] s = state.words();
        overlaps(s, ws.overlaps, ws);
        float c = scale();
        float shift = shift(ws.overlaps, k, c);
        prepare(ws, k, c, shift);
        for (int j = 0; j < neurons.count(); j++) {
            int i = neurons.neuron(j);
            out[j] = field(i, ModelSupport.sign(s, i), ws, c, shift);
        }
    }

    /** Overlaps of {@code state} with every memory, computed from scratch (for tests and diagnostics). */
    public float[] overlapsOf(BipolarPattern state) {
        requireDimension(state);
        DamWorkspace ws = (DamWorkspace) newWorkspace();
        overlaps(state.words(), ws.overlaps, ws);
        return java.util.Arrays.copyOf(ws.overlaps, k());
    }

    /**
     * Runs one asynchronous flip of neuron {@code i} on {@code overlaps} (for tests of the incremental update).
     */
    public void applyFlip(int i, float newS, float[] overlaps) {
        flipOverlaps(i, newS, overlaps);
    }
}
