package dev.engram.api.learn;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;

/**
 * One evaluation probe: the state recall starts from, the state it should reach, and the neurons allowed to
 * change ({@code null} = all).
 *
 * @param start    the state recall starts from; required
 * @param expected the state recall should reach, of the same dimension; required
 * @param update   the neurons allowed to change, of the same dimension, or {@code null} for all
 *
 * @since 0.2
 */
public record Probe(BipolarPattern start, BipolarPattern expected, NeuronMask update) {
    /**
     * Checks the components.
     *
     * @param start    the start state
     * @param expected the expected state
     * @param update   the neurons allowed to change, or {@code null}
     * @throws IllegalArgumentException   when {@code start} or {@code expected} is null
     * @throws dev.engram.api.DimensionMismatchException when the dimensions differ
     */
    public Probe {
        if (start == null || expected == null) {
            throw new IllegalArgumentException("probe start and expected states are required");
        }
        start.requireSameDimension(expected);
        if (update != null) {
            update.requireDimension(start.size());
        }
    }
}
