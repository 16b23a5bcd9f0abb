package dev.engram.api;

import java.util.Arrays;

/**
 * An immutable set of neuron indices in {@code [0, dimension)}: the neurons a recall may update (the others
 * stay clamped) or the neurons whose outputs are trained. A mask is never empty. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class NeuronMask {
    private final int dimension;
    private final int[] indices;

    private NeuronMask(int dimension, int[] indices) {
        this.dimension = dimension;
        this.indices = indices;
    }

    /**
     * Every neuron.
     *
     * @param dimension the dimension, at least 1
     * @return the mask of {@code dimension} neurons
     * @throws IllegalArgumentException when {@code dimension < 1}
     */
    public static NeuronMask all(int dimension) {
        return range(dimension, 0, dimension);
    }

    /**
     * Neurons {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param dimension the dimension, at least 1
     * @param from      the first neuron, from 0
     * @param to        one past the last neuron, at most {@code dimension}
     * @return the mask
     * @throws IllegalArgumentException when the range is empty or not inside {@code [0, dimension)}
     */
    public static NeuronMask range(int dimension, int from, int to) {
        if (dimension <= 0 || from < 0 || to > dimension || from >= to) {
            throw new IllegalArgumentException("neuron range [" + from + ", " + to + ") is not a non-empty part of [0, " + dimension + ")");
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return new NeuronMask(dimension, idx);
    }

    /**
     * The given neurons (sorted, duplicates rejected).
     *
     * @param dimension the dimension
     * @param neurons   the neurons, in any order, each in {@code [0, dimension)}; the array is not kept
     * @return the mask
     * @throws IllegalArgumentException when no neuron is given, one is outside the dimension or one is given twice
     */
    public static NeuronMask of(int dimension, int... neurons) {
        if (neurons.length == 0) {
            throw new IllegalArgumentException("a neuron mask needs at least one neuron");
        }
        int[] idx = neurons.clone();
        Arrays.sort(idx);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= dimension) {
                throw new IllegalArgumentException("neuron " + idx[i] + " is outside [0, " + dimension + ")");
            }
            if (i > 0 && idx[i] == idx[i - 1]) {
                throw new IllegalArgumentException("neuron " + idx[i] + " is listed twice");
            }
        }
        return new NeuronMask(dimension, idx);
    }

    /**
     * The dimension the mask is for.
     *
     * @return the dimension
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The number of neurons in the mask.
     *
     * @return the count, from 1 to {@link #dimension()}
     */
    public int count() {
        return indices.length;
    }

    /**
     * The {@code j}-th neuron of the mask, in increasing order.
     *
     * @param j the position, from 0 to {@code count() - 1}
     * @return the neuron's index
     * @throws ArrayIndexOutOfBoundsException when {@code j} is outside the mask
     */
    public int neuron(int j) {
        return indices[j];
    }

    /**
     * The neurons, in increasing order.
     *
     * @return a new array of {@link #count()} indices
     */
    public int[] indices() {
        return indices.clone();
    }

    /**
     * Whether the mask holds every neuron of its dimension.
     *
     * @return {@code true} when {@code count() == dimension()}
     */
    public boolean isAll() {
        return indices.length == dimension;
    }

    /**
     * Whether {@code neuron} is in the mask.
     *
     * @param neuron the neuron's index (any value; outside the dimension gives {@code false})
     * @return whether it is in the mask
     */
    public boolean contains(int neuron) {
        return Arrays.binarySearch(indices, neuron) >= 0;
    }

    /**
     * Throws when this mask was made for another dimension.
     *
     * @param n the dimension of the model (or pattern) the mask is used with
     * @throws DimensionMismatchException when {@code n} differs from {@link #dimension()}
     */
    public void requireDimension(int n) {
        if (n != dimension) {
            throw new DimensionMismatchException(n, dimension, "neuron mask is for dimension " + dimension + ", model has " + n);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronMask m && m.dimension == dimension && Arrays.equals(m.indices, indices);
    }

    @Override
    public int hashCode() {
        return 31 * dimension + Arrays.hashCode(indices);
    }

    /**
     * A short description for messages: {@code all(784)} or {@code 10 of 784 neurons}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return isAll() ? "all(" + dimension + ")" : indices.length + " of " + dimension + " neurons";
    }
}
