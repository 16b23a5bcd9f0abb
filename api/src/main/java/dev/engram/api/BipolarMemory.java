package dev.engram.api;

import java.util.List;

/**
 * An autoassociative memory over ±1 states (classical Hopfield, Dense Associative Memory): store patterns,
 * recall a stored pattern from a corrupted probe.
 *
 * <p>Thread-safety: learning ({@link #store}) is for one thread at a time. Once the model is
 * {@linkplain #freeze() frozen}, recall, {@link #energy} and {@link #fields} may run from many threads at once, each
 * with its own {@link RecallWorkspace}. The built-in models also allow recall while another thread stores (they
 * take a lock until frozen); a plugin model need not.
 *
 * @since 0.2
 */
public interface BipolarMemory extends Model {

    /**
     * Stores one pattern (for trained models: adds it as a memory / training target, as the model defines).
     *
     * @param pattern the pattern, of this model's dimension
     * @throws DimensionMismatchException when the pattern's dimension differs from the model's
     * @throws IllegalStateException      when the model is frozen
     */
    void store(BipolarPattern pattern);

    /**
     * Stores each pattern in order, as {@link #store} would one by one. It is not atomic: when a pattern is refused,
     * those before it stay stored.
     *
     * @param patterns the patterns, each of this model's dimension
     * @throws DimensionMismatchException when a pattern's dimension differs from the model's
     * @throws IllegalStateException      when the model is frozen
     */
    default void storeAll(List<BipolarPattern> patterns) {
        for (BipolarPattern p : patterns) {
            store(p);
        }
    }

    /**
     * Number of stored memories (for a weight-matrix model: patterns stored so far).
     *
     * @return the count, 0 for a new model
     */
    int size();

    /**
     * A fresh workspace for {@link #recallInto}; one per thread.
     *
     * @return a new workspace sized for this model
     */
    RecallWorkspace newWorkspace();

    /**
     * Runs the recall dynamics from {@code probe} (packed words, {@link BipolarPattern#wordsFor} long) and
     * writes the final state into {@code out}; only the neurons of {@code update} change ({@code null} = all).
     * The statistics are left in {@code ws}. Allocates nothing after warm-up.
     *
     * @param probe  the start state, {@code wordsFor(dimension())} packed words from index 0 (not changed)
     * @param out    receives the final state, {@code wordsFor(dimension())} words from index 0
     * @param update the neurons that may change, or {@code null} for all; the others keep the probe's values
     * @param ws     a workspace from this model's {@link #newWorkspace()}, used by this thread only
     */
    void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws);

    /**
     * Recalls {@code count} probes stored one after another (packed, {@link BipolarPattern#wordsFor} words each):
     * probe j at {@code probes[probesOff + j·words]}, its final state to {@code out[outOff + j·words]}; only the
     * neurons of {@code update} change ({@code null} = all). Each result is exactly what {@link #recallInto} gives for
     * that probe; a model may recall a block of probes together to share the reads of its weights (the built-in
     * {@code dam} in sync mode and {@code hopfield} do). The workspace is left with the statistics of some recall of
     * the batch. This default recalls them one at a time.
     *
     * @param probes    the packed probes (not changed)
     * @param probesOff index of probe 0's first word
     * @param count     the number of probes, 0 or more
     * @param out       receives the final states; must not overlap {@code probes}
     * @param outOff    index of result 0's first word
     * @param update    the neurons that may change, or {@code null} for all
     * @param ws        a workspace from this model's {@link #newWorkspace()}, used by this thread only
     * @return how many of the recalls reached a fixed point, from 0 to {@code count}
     * @throws IllegalArgumentException when the arrays are too short or the mask is for another dimension
     * @since 0.2
     */
    default int recallBatch(long[] probes, int probesOff, int count, long[] out, int outOff, NeuronMask update,
                            RecallWorkspace ws) {
        int words = BipolarPattern.wordsFor(dimension());
        requireBatchArrays(probes.length, probesOff, out.length, outOff, count, words);
        long[] in = new long[words];
        long[] res = new long[words];
        int converged = 0;
        for (int j = 0; j < count; j++) {
            System.arraycopy(probes, probesOff + j * words, in, 0, words);
            recallInto(in, res, update, ws);
            System.arraycopy(res, 0, out, outOff + j * words, words);
            if (ws.converged()) {
                converged++;
            }
        }
        return converged;
    }

    /**
     * Checks the arrays of a batch: {@code count} blocks of {@code width} elements from each offset fit.
     *
     * @param probesLength the length of the probe array
     * @param probesOff    index of probe 0's first element
     * @param outLength    the length of the output array
     * @param outOff       index of result 0's first element
     * @param count        the number of probes
     * @param width        elements per probe
     * @throws IllegalArgumentException when {@code count} or an offset is negative or an array is too short
     * @since 0.2
     */
    static void requireBatchArrays(int probesLength, int probesOff, int outLength, int outOff, int count, int width) {
        if (count < 0 || probesOff < 0 || outOff < 0) {
            throw new IllegalArgumentException("batch of " + count + " probes from offset " + probesOff + " into offset "
                    + outOff + "; accepted: a count and offsets of 0 or more");
        }
        long need = (long) count * width;
        if (probesOff + need > probesLength) {
            throw new IllegalArgumentException(count + " probes of " + width + " elements from " + probesOff
                    + " need " + (probesOff + need) + "; the probe array has " + probesLength);
        }
        if (outOff + need > outLength) {
            throw new IllegalArgumentException(count + " results of " + width + " elements from " + outOff
                    + " need " + (outOff + need) + "; the output array has " + outLength);
        }
    }

    /**
     * Recall with every neuron free, in a fresh workspace.
     *
     * @param probe the start state, of this model's dimension
     * @return the final state and the recall's statistics
     * @throws DimensionMismatchException when the probe's dimension differs from the model's
     */
    default Recall<BipolarPattern> recall(BipolarPattern probe) {
        return recall(probe, null, newWorkspace());
    }

    /**
     * Recall in which only {@code update}'s neurons change ({@code null} = all).
     *
     * @param probe  the start state, of this model's dimension
     * @param update the neurons that may change, or {@code null} for all
     * @param ws     a workspace from this model's {@link #newWorkspace()}, used by this thread only
     * @return the final state and the recall's statistics (also left in {@code ws})
     * @throws DimensionMismatchException when the probe's or the mask's dimension differs from the model's
     */
    default Recall<BipolarPattern> recall(BipolarPattern probe, NeuronMask update, RecallWorkspace ws) {
        requireDimension(probe);
        if (update != null) {
            update.requireDimension(dimension());
        }
        long[] out = new long[probe.wordCount()];
        recallInto(probe.words(), out, update, ws);
        return new Recall<>(BipolarPattern.fromWords(out, dimension()), ws.steps(), ws.converged(), ws.energy());
    }

    /**
     * The energy of {@code state}: recall moves towards lower energy, and stored patterns are (ideally) local minima.
     * Its scale depends on the model.
     *
     * @param state the state, of this model's dimension
     * @return the energy
     * @throws DimensionMismatchException when the state's dimension differs from the model's
     */
    double energy(BipolarPattern state);

    /**
     * The local fields of the given neurons in {@code state}: a neuron's next value is +1 when its field is
     * positive, -1 otherwise. {@code out[j]} receives the field of {@code neurons.neuron(j)}. The classifier
     * form predicts the class whose neuron has the largest field.
     *
     * @param state   the state, of this model's dimension
     * @param neurons the neurons whose fields to compute, of this model's dimension
     * @param out     receives {@code neurons.count()} fields from index 0
     * @throws IllegalArgumentException when an argument is wrong (see {@link #requireFieldArguments})
     */
    void fields(BipolarPattern state, NeuronMask neurons, float[] out);

    /**
     * Checks the arguments of {@link #fields}: {@code state} and {@code neurons} of this model's dimension, room
     * for one field per neuron in {@code out}. Throws {@link IllegalArgumentException} naming what is wrong.
     *
     * @param state   the state to check
     * @param neurons the mask to check
     * @param out     the output array to check
     * @throws DimensionMismatchException when the state's or the mask's dimension differs from the model's
     * @throws IllegalArgumentException   when {@code neurons} is null or {@code out} is too short
     */
    default void requireFieldArguments(BipolarPattern state, NeuronMask neurons, float[] out) {
        requireDimension(state);
        if (neurons == null) {
            throw new IllegalArgumentException("fields need the neurons to compute (a NeuronMask, e.g. NeuronMask.all("
                    + dimension() + ")), got null");
        }
        neurons.requireDimension(dimension());
        if (out.length < neurons.count()) {
            throw new IllegalArgumentException("output has " + out.length + " places for " + neurons.count() + " fields");
        }
    }

    /**
     * Throws a clear error when {@code p}'s dimension differs from this model's.
     *
     * @param p the pattern to check
     * @throws DimensionMismatchException when the dimensions differ
     */
    default void requireDimension(BipolarPattern p) {
        if (p.size() != dimension()) {
            throw new DimensionMismatchException(dimension(), p.size(), "pattern has dimension " + p.size() + "; this " + providerName()
                    + " model has dimension " + dimension());
        }
    }
}
