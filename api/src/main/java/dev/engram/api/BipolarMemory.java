package dev.engram.api;

import java.util.List;

/**
 * An autoassociative memory over ±1 states (classical Hopfield, Dense Associative Memory): store patterns,
 * recall a stored pattern from a corrupted probe.
 */
public interface BipolarMemory extends Model {

    /** Stores one pattern (for trained models: adds it as a memory / training target, as the model defines). */
    void store(BipolarPattern pattern);

    default void storeAll(List<BipolarPattern> patterns) {
        for (BipolarPattern p : patterns) {
            store(p);
        }
    }

    /** Number of stored memories (for a weight-matrix model: patterns stored so far). */
    int size();

    /** A fresh workspace for {@link #recallInto}; one per thread. */
    RecallWorkspace newWorkspace();

    /**
     * Runs the recall dynamics from {@code probe} (packed words, {@link BipolarPattern#wordsFor} long) and
     * writes the final state into {@code out}; only the neurons of {@code update} change ({@code null} = all).
     * The statistics are left in {@code ws}. Allocates nothing after warm-up.
     */
    void recallInto(long[] probe, long[] out, NeuronMask update, RecallWorkspace ws);

    /** Recall with every neuron free. */
    default Recall<BipolarPattern> recall(BipolarPattern probe) {
        return recall(probe, null, newWorkspace());
    }

    /** Recall in which only {@code update}'s neurons change ({@code null} = all). */
    default Recall<BipolarPattern> recall(BipolarPattern probe, NeuronMask update, RecallWorkspace ws) {
        requireDimension(probe);
        if (update != null) {
            update.requireDimension(dimension());
        }
        long[] out = new long[probe.wordCount()];
        recallInto(probe.words(), out, update, ws);
        return new Recall<>(BipolarPattern.fromWords(out, dimension()), ws.steps(), ws.converged(), ws.energy());
    }

    /** The energy of {@code state}. */
    double energy(BipolarPattern state);

    /**
     * The local fields of the given neurons in {@code state}: a neuron's next value is +1 when its field is
     * positive, -1 otherwise. {@code out[j]} receives the field of {@code neurons.neuron(j)}. The classifier
     * form predicts the class whose neuron has the largest field.
     */
    void fields(BipolarPattern state, NeuronMask neurons, float[] out);

    /**
     * Checks the arguments of {@link #fields}: {@code state} and {@code neurons} of this model's dimension, room
     * for one field per neuron in {@code out}. Throws {@link IllegalArgumentException} naming what is wrong.
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

    /** Throws a clear error when {@code p}'s dimension differs from this model's. */
    default void requireDimension(BipolarPattern p) {
        if (p.size() != dimension()) {
            throw new DimensionMismatchException(dimension(), p.size(), "pattern has dimension " + p.size() + "; this " + providerName()
                    + " model has dimension " + dimension());
        }
    }
}
