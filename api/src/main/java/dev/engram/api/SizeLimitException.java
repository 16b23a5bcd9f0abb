package dev.engram.api;

/**
 * A size that cannot be allocated: longer than a Java array can be, or more memory than this JVM may use.
 * Thrown by {@link Sizes} before anything is allocated; the message says what is needed and what the JVM has.
 * The command line prints it as one line and exits with status 2.
 */
public final class SizeLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SizeLimitException(String message) {
        super(message);
    }
}
