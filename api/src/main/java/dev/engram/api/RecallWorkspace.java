package dev.engram.api;

/**
 * Per-thread scratch memory for recall. A model hands out its own subclass from {@code newWorkspace()};
 * after warm-up a recall through a workspace allocates nothing. A workspace is not thread-safe: use one per
 * thread. After each recall it holds that recall's statistics.
 */
public abstract class RecallWorkspace {
    private int steps;
    private boolean converged;
    private double energy;

    /** For a model's own workspace class (statistics start at zero). */
    protected RecallWorkspace() {
    }

    /** Sets the statistics of the last recall (called by the model). */
    protected final void setResult(int steps, boolean converged, double energy) {
        this.steps = steps;
        this.converged = converged;
        this.energy = energy;
    }

    public final int steps() {
        return steps;
    }

    public final boolean converged() {
        return converged;
    }

    public final double energy() {
        return energy;
    }
}
