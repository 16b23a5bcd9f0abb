package dev.engram.api;

/** An autoassociative memory over real-valued vectors (the continuous modern Hopfield network). */
public interface RealMemory extends Model {

    void store(RealVector pattern);

    int size();

    /** Retrieves from {@code probe} (0 = unknown component). */
    Recall<RealVector> recall(RealVector probe);

    double energy(RealVector state);

    /** A fresh workspace for {@link #recallInto}; one per thread. */
    default RecallWorkspace newWorkspace() {
        return new RecallWorkspace() {
        };
    }

    /**
     * Retrieves from {@code probe} ({@link #dimension()} floats) into {@code out}, leaving the statistics in
     * {@code ws}; a model that overrides this allocates nothing after warm-up. The workspace's energy may be NaN
     * when the model skips computing it on this low-latency path. The default goes through {@link #recall}.
     */
    default void recallInto(float[] probe, float[] out, RecallWorkspace ws) {
        Recall<RealVector> r = recall(RealVector.of(probe));
        r.state().copyTo(out, 0);
        ws.setResult(r.steps(), r.converged(), r.energy());
    }
}
