package dev.engram.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be loaded because of what it holds (not because it cannot be read): not a model
 * file, truncated, corrupt, of another format version, or holding a state its provider refuses. An {@link
 * IOException} as before, so existing callers still catch it; {@link #problem()} tells the cases apart.
 *
 * @since 0.2
 */
public class ModelFileException extends IOException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /**
     * What is wrong with the file.
     *
     * @since 0.2
     */
    public enum Problem {
        /** The file does not start with Engram's magic bytes. */
        NOT_A_MODEL_FILE,
        /** The file ends before what its header declares. */
        TRUNCATED,
        /** The checksum, a name, a length or the bytes after the checksum are wrong. */
        CORRUPT,
        /** The file has a format version this Engram does not read. */
        OTHER_VERSION,
        /** The header is sound but the provider refuses the state it holds. */
        BAD_STATE
    }

    private final transient Path file;
    /**
     * What is wrong with the file.
     */
    private final Problem problem;

    /**
     * Creates the exception.
     *
     * @param file    the file (may be null when the bytes came from elsewhere)
     * @param problem what is wrong
     * @param message one line naming the file and the fault
     * @param cause   the underlying failure, or null
     */
    public ModelFileException(Path file, Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.problem = problem;
    }

    /**
     * The file, or null.
     *
     * @return the file that was being loaded, or null when the bytes came from elsewhere (or after deserialization,
     *         since the path is not serialized)
     */
    public Path file() {
        return file;
    }

    /**
     * What is wrong with it.
     *
     * @return the kind of fault, never null for the exceptions Engram throws
     */
    public Problem problem() {
        return problem;
    }
}
