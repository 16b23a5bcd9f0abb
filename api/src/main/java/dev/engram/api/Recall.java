package dev.engram.api;

/**
 * The outcome of one recall: the final state, the number of update steps taken, whether the dynamics reached
 * a fixed point before the step cap, and the energy of the final state.
 *
 * @param <S>       the kind of state: {@link BipolarPattern} or {@link RealVector}
 * @param state     the final state, of the model's dimension
 * @param steps     the number of update steps (sweeps or iterations, as the model counts them) taken, at least 0
 * @param converged whether the dynamics reached a fixed point before the model's step cap
 * @param energy    the energy of the final state (NaN when the model did not compute it)
 * @since 0.2
 */
public record Recall<S>(S state, int steps, boolean converged, double energy) {
}
