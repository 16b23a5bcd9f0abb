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

    /**
     * {@code model} or {@code strategy}.
     */
    private final String kind;
    /**
     * The name asked for.
     */
    private final String name;
    private final transient List<String> installed;

    /**
     * Creates the exception.
     *
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

    /**
     * {@code model} or {@code strategy}.
     *
     * @return the kind of provider asked for
     */
    public String kind() {
        return kind;
    }

    /**
     * The name asked for.
     *
     * @return the name, as given
     */
    public String name() {
        return name;
    }

    /**
     * The names installed.
     *
     * @return the names of the installed providers of that kind, unmodifiable; {@code null} after
     *         deserialization (the list is not serialized)
     */
    public List<String> installed() {
        return installed;
    }
}
