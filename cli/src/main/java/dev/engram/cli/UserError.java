package dev.engram.cli;

/** Bad input from the user: printed as one line, exit code 2, no stack trace. */
public final class UserError extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
