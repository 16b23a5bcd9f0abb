package dev.engram.api.spi;

/**
 * A provider that could not be loaded: where it came from (a jar, or {@code classpath}), the class named in
 * the service file (when known), and why.
 */
public record LoadProblem(String source, String className, String cause) {
    @Override
    public String toString() {
        return source + ": " + (className == null ? "" : className + ": ") + cause;
    }
}
