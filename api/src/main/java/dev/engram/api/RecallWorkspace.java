package dev.engram.api;

/**
 * Per-thread scratch memory for recall. A model hands out its own subclass from {@code newWorkspace()};
 * after warm-up a recall through a workspace allocates nothing. A workspace is not thread-safe: use one per
 * thread. After each recall it holds that recall's statistics.
 *
 * @since 0.2
 */
public abstract class RecallWorkspace {
    private int steps;
    private boolean converged;
    private double energy;

    /** For a model's own workspace class (statistics start at zero). */
    protected RecallWorkspace() {
    }

    /**
     * Sets the statistics of the last recall (called by the model).
     *
     * @param steps     the number of update steps taken
     * @param converged whether a fixed point was reached before the step cap
     * @param energy    the energy of the final state, or NaN when not computed
     */
    protected final void setResult(int steps, boolean converged, double energy) {
        this.steps = steps;
        this.converged = converged;
        this.energy = energy;
    }

    /**
     * The number of update steps the last recall took (0 before any recall).
     *
     * @return the step count
     */
    public final int steps() {
        return steps;
    }

    /**
     * Whether the last recall reached a fixed point before the model's step cap ({@code false} before any recall).
     *
     * @return whether it converged
     */
    public final boolean converged() {
        return converged;
    }

    /**
     * The energy of the last recall's final state (0 before any recall; NaN when the model skipped computing it).
     *
     * @return the energy
     */
    public final double energy() {
        return energy;
    }
}
