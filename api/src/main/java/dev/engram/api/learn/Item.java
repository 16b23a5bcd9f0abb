package dev.engram.api.learn;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;

/**
 * One training item: the full target state, and the neurons whose outputs are trained ({@code null} = all;
 * for the classifier form, the class neurons).
 */
public record Item(BipolarPattern state, NeuronMask trained) {
    public Item {
        if (state == null) {
            throw new IllegalArgumentException("item state is required");
        }
        if (trained != null) {
            trained.requireDimension(state.size());
        }
    }

    public static Item of(BipolarPattern state) {
        return new Item(state, null);
    }
}
