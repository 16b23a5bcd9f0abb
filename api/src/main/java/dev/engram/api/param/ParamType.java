package dev.engram.api.param;

/**
 * The types a declared parameter can have, with the Java type its value has in {@link Params}.
 *
 * @since 0.2
 */
public enum ParamType {
    /**
     * A 32-bit integer; the value is an {@link Integer}.
     */
    INT("integer"),
    /**
     * A 64-bit integer; the value is a {@link Long}.
     */
    LONG("integer"),
    /**
     * A floating-point number; the value is a {@link Double}.
     */
    DOUBLE("number"),
    /**
     * {@code true} or {@code false}; the value is a {@link Boolean}.
     */
    BOOLEAN("true|false"),
    /**
     * One of the names the spec lists in {@link ParamSpec#choices()}; the value is a {@link String}.
     */
    CHOICE("one of a fixed set of names"),
    /**
     * Free text; the value is a {@link String}.
     */
    STRING("text");

    private final String description;

    ParamType(String description) {
        this.description = description;
    }

    /**
     * What a value of this type looks like, for help texts and messages.
     *
     * @return e.g. {@code integer} or {@code true|false}
     */
    public String description() {
        return description;
    }
}
