package dev.engram.api.learn;

import dev.engram.api.BipolarPattern;
import dev.engram.api.NeuronMask;

/**
 * One evaluation probe: the state recall starts from, the state it should reach, and the neurons allowed to
 * change ({@code null} = all).
 */
public record Probe(BipolarPattern start, BipolarPattern expected, NeuronMask update) {
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
