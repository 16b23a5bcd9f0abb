package dev.engram.api;

/**
 * A size that cannot be allocated: longer than a Java array can be, or more memory than this JVM may use.
 * Thrown by {@link Sizes} before anything is allocated; the message says what is needed and what the JVM has.
 * The command line prints it as one line and exits with status 2.
 *
 * @since 0.2
 */
public final class SizeLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line saying what size was asked for and what the JVM allows
     */
    public SizeLimitException(String message) {
        super(message);
    }
}
