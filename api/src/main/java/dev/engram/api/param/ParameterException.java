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

    private final String owner;
    private final String parameter;

    /**
     * @param owner     who the parameter belongs to, e.g. {@code model 'dam'} (may be null)
     * @param parameter the parameter's name (or the malformed text)
     * @param message   one line naming the value and what is accepted
     */
    public ParameterException(String owner, String parameter, String message) {
        super(message);
        this.owner = owner;
        this.parameter = parameter;
    }

    /** Who the parameter belongs to, or null. */
    public String owner() {
        return owner;
    }

    /** The parameter's name. */
    public String parameter() {
        return parameter;
    }
}
