package dev.engram.api.spi;

import java.util.List;

/**
 * A model or strategy name that no installed provider has. An {@link IllegalArgumentException} as before;
 * {@link #installed()} lists the names there are.
 *
 * @since 0.2
 */
public class UnknownProviderException extends IllegalArgumentException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String name;
    private final transient List<String> installed;

    /**
     * @param kind      {@code model} or {@code strategy}
     * @param name      the name asked for
     * @param installed the names installed
     * @param message   one line naming the name and what is installed
     */
    public UnknownProviderException(String kind, String name, List<String> installed, String message) {
        super(message);
        this.kind = kind;
        this.name = name;
        this.installed = List.copyOf(installed);
    }

    /** {@code model} or {@code strategy}. */
    public String kind() {
        return kind;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The names installed. */
    public List<String> installed() {
        return installed;
    }
}
