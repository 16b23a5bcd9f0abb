package dev.engram.api;

/**
 * A pattern, probe, mask or task of one dimension given to a memory (or pattern) of another. An {@link
 * IllegalArgumentException} as before; {@link #expected()} and {@link #actual()} give the two dimensions.
 *
 * @since 0.2
 */
public class DimensionMismatchException extends IllegalArgumentException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /**
     * The dimension the receiver has.
     */
    private final int expected;
    /**
     * The dimension it was given.
     */
    private final int actual;

    /**
     * Creates the exception.
     *
     * @param expected the dimension the receiver has
     * @param actual   the dimension it was given
     * @param message  one line naming both
     */
    public DimensionMismatchException(int expected, int actual, String message) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The receiver's dimension.
     *
     * @return the dimension the memory or pattern has
     */
    public int expected() {
        return expected;
    }

    /**
     * The dimension given.
     *
     * @return the dimension of the argument that was refused
     */
    public int actual() {
        return actual;
    }
}
