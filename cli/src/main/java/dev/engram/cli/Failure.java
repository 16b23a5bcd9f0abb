package dev.engram.cli;

/**
 * A command that could not finish through no fault of its input (a full disk, say): printed as one line
 * {@code engram: failed: MESSAGE}, exit code 1, no stack trace.
 */
public final class Failure extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public Failure(String message, Throwable cause) {
        super(message, cause);
    }
}
