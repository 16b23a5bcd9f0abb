package dev.engram.api;

/**
 * An autoassociative memory over real-valued vectors (the continuous modern Hopfield network): store vectors,
 * retrieve a stored vector from a partial or noisy probe.
 *
 * <p>Thread-safety is as for {@link BipolarMemory}: store from one thread; once {@linkplain #freeze() frozen},
 * recall may run from many threads, each with its own workspace for {@link #recallInto}.
 *
 * @since 0.2
 */
public interface RealMemory extends Model {

    /**
     * Stores one vector as a memory.
     *
     * @param pattern the vector, of this model's dimension
     * @throws DimensionMismatchException when its dimension differs from the model's
     * @throws IllegalStateException      when the model is frozen
     */
    void store(RealVector pattern);

    /**
     * Number of stored memories.
     *
     * @return the count, 0 for a new model
     */
    int size();

    /**
     * Retrieves from {@code probe} (0 = unknown component).
     *
     * @param probe the start state, of this model's dimension
     * @return the retrieved vector and the recall's statistics
     * @throws DimensionMismatchException when the probe's dimension differs from the model's
     */
    Recall<RealVector> recall(RealVector probe);

    /**
     * The energy of {@code state}; retrieval moves towards lower energy.
     *
     * @param state the state, of this model's dimension
     * @return the energy
     * @throws DimensionMismatchException when the state's dimension differs from the model's
     */
    double energy(RealVector state);

    /**
     * A fresh workspace for {@link #recallInto}; one per thread.
     *
     * @return a new workspace (the default holds only the statistics)
     */
    default RecallWorkspace newWorkspace() {
        return new RecallWorkspace() {
        };
    }

    /**
     * Retrieves from {@code probe} ({@link #dimension()} floats) into {@code out}, leaving the statistics in
     * {@code ws}; a model that overrides this allocates nothing after warm-up. The workspace's energy may be NaN
     * when the model skips computing it on this low-latency path. The default goes through {@link #recall}.
     *
     * @param probe the start state, {@link #dimension()} floats from index 0 (not changed)
     * @param out   receives the retrieved vector, {@link #dimension()} floats from index 0
     * @param ws    a workspace from this model's {@link #newWorkspace()}, used by this thread only
     * @throws IllegalArgumentException when {@code probe} is not of the model's dimension or holds a value that is
     *                                  not finite
     */
    default void recallInto(float[] probe, float[] out, RecallWorkspace ws) {
        Recall<RealVector> r = recall(RealVector.of(probe));
        r.state().copyTo(out, 0);
        ws.setResult(r.steps(), r.converged(), r.energy());
    }

    /**
     * Retrieves from {@code count} probes stored one after another ({@link #dimension()} floats each): probe j at
     * {@code probes[probesOff + j·N]}, its result to {@code out[outOff + j·N]}. Each result equals what
     * {@link #recallInto} gives for that probe within float rounding (the built-in {@code modern} computes a block
     * of probes as matrix products, which sum in another order; see its documentation for the tolerance). So a
     * result can depend, in its last bits, on the batch it came in (the built-in {@code modern} on the Panama
     * kernels uses its ±1 block kernel only while at least 32 probes of the batch are still unconverged, and the
     * others one at a time): for the same bits, recall the same batches. The workspace is left with the statistics of some recall of the batch. This
     * default retrieves them one at a time.
     *
     * @param probes    the probes (not changed)
     * @param probesOff index of probe 0's first element
     * @param count     the number of probes, 0 or more
     * @param out       receives the results; must not overlap {@code probes}
     * @param outOff    index of result 0's first element
     * @param ws        a workspace from this model's {@link #newWorkspace()}, used by this thread only
     * @return how many of the retrievals converged, from 0 to {@code count}
     * @throws IllegalArgumentException when the arrays are too short or a probe holds a value that is not finite
     * @since 0.2
     */
    default int recallBatch(float[] probes, int probesOff, int count, float[] out, int outOff, RecallWorkspace ws) {
        int n = dimension();
        BipolarMemory.requireBatchArrays(probes.length, probesOff, out.length, outOff, count, n);
        float[] in = new float[n];
        float[] res = new float[n];
        int converged = 0;
        for (int j = 0; j < count; j++) {
            System.arraycopy(probes, probesOff + j * n, in, 0, n);
            recallInto(in, res, ws);
            System.arraycopy(res, 0, out, outOff + j * n, n);
            if (ws.converged()) {
                converged++;
            }
        }
        return converged;
    }
}
