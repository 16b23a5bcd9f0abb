package dev.engram.api.learn;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;

/**
 * One training item: the full target state, and the neurons whose outputs are trained ({@code null} = all;
 * for the classifier form, the class neurons).
 *
 * @param state   the target state; required
 * @param trained the neurons whose outputs are trained, of the state's dimension, or {@code null} for all
 *
 * @since 0.2
 */
public record Item(BipolarPattern state, NeuronMask trained) {
    /**
     * Checks the components.
     *
     * @param state   the target state; required
     * @param trained the trained neurons, or {@code null} for all
     * @throws IllegalArgumentException   when {@code state} is null
     * @throws dev.engram.api.DimensionMismatchException when {@code trained} has another dimension than {@code state}
     */
    public Item {
        if (state == null) {
            throw new IllegalArgumentException("item state is required");
        }
        if (trained != null) {
            trained.requireDimension(state.size());
        }
    }

    /**
     * An item that trains every neuron.
     *
     * @param state the target state
     * @return the item
     * @throws IllegalArgumentException when {@code state} is null
     */
    public static Item of(BipolarPattern state) {
        return new Item(state, null);
    }
}
