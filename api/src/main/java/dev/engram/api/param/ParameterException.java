package dev.engram.api.param;

/**
 * A parameter that is unknown to its owner, given twice, malformed, of the wrong type or out of range. An
 * {@link IllegalArgumentException} as before; {@link #owner()} and {@link #parameter()} name what it is about.
 *
 * @since 0.2
 */
public class ParameterException extends IllegalArgumentException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /**
     * Who the parameter belongs to, or null.
     */
    private final String owner;
    /**
     * The parameter's name (or the malformed text).
     */
    private final String parameter;

    /**
     * Creates the exception.
     *
     * @param owner     who the parameter belongs to, e.g. {@code model 'dam'} (may be null)
     * @param parameter the parameter's name (or the malformed text)
     * @param message   one line naming the value and what is accepted
     */
    public ParameterException(String owner, String parameter, String message) {
        super(message);
        this.owner = owner;
        this.parameter = parameter;
    }

    /**
     * Who the parameter belongs to, or null.
     *
     * @return e.g. {@code model 'dam'}, or null when not known (a malformed {@code name=value})
     */
    public String owner() {
        return owner;
    }

    /**
     * The parameter's name.
     *
     * @return the name, or the malformed text when there was no name
     */
    public String parameter() {
        return parameter;
    }
}
