package dev.engram.api.spi;

/**
 * A provider that could not be loaded: where it came from (a jar, or {@code classpath}), the class named in
 * the service file (when known), and why.
 *
 * @param source    the jar the provider came from, or {@code classpath}
 * @param className the class named in the service file, or {@code null} when not known
 * @param cause     one line saying why it could not be loaded
 *
 * @since 0.2
 */
public record LoadProblem(String source, String className, String cause) {
    /**
     * The problem as one line, {@code source: className: cause}.
     *
     * @return the line
     */
    @Override
    public String toString() {
        return source + ": " + (className == null ? "" : className + ": ") + cause;
    }
}
