package dev.engram.api;

/**
 * The outcome of one recall: the final state, the number of update steps taken, whether the dynamics reached
 * a fixed point before the step cap, and the energy of the final state.
 */
public record Recall<S>(S state, int steps, boolean converged, double energy) {
}
