package dev.engram.api;

/**
 * A recall workspace with a small SplitMix64 generator, for models whose recall visits neurons in a random
 * order. Reseed it at the start of every recall from the model's seed and the probe ({@link #reseed}), then draw
 * the order from it ({@link #shuffle}): the same probe then gives the same answer in any thread and with any
 * workspace, as {@link BatchRecall} and concurrent callers need. The built-in models do exactly this.
 *
 * <p>Like every workspace, it is not thread-safe: one per thread.
 *
 * @since 0.2
 */
public abstract class SeededWorkspace extends RecallWorkspace {
    private long rng;

    /** For a model's own workspace class; reseed it before the first recall. */
    protected SeededWorkspace() {
    }

    /**
     * Reseeds from the model seed and the probe's first {@code words} packed words.
     *
     * @param seed  the model's seed
     * @param probe the probe, packed
     * @param words how many of its words to hash (usually all, {@code wordsFor(dimension)})
     */
    public final void reseed(long seed, long[] probe, int words) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < words; i++) {
            h = mix(h ^ probe[i]) + 0x632BE59BD9B4E019L;
        }
        rng = h;
    }

    /**
     * Uniform integer in [0, bound).
     *
     * @param bound the exclusive upper bound, at least 1
     * @return the next number
     */
    public final int nextInt(int bound) {
        rng += 0x9E3779B97F4A7C15L;
        long z = mix(rng);
        return (int) (((z >>> 32) * bound) >>> 32);
    }

    /**
     * Fisher-Yates shuffle of the first {@code len} entries.
     *
     * @param a   the array, shuffled in place
     * @param len how many of its first entries to shuffle
     */
    public final void shuffle(int[] a, int len) {
        for (int i = len - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * Records the statistics of the recall just finished (what {@link #steps()} and the others then return).
     *
     * @param steps     the number of update steps taken
     * @param converged whether a fixed point was reached before the step cap
     * @param energy    the energy of the final state, or NaN when not computed
     */
    public final void finish(int steps, boolean converged, double energy) {
        setResult(steps, converged, energy);
    }

    /** The SplitMix64 finaliser: a well-mixed 64-bit hash of {@code z}. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
