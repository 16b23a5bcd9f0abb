package dev.engram.api.spi;

/**
 * A plugin's provider broke its contract while it was being used: {@code create} or {@code read} returned null or
 * threw something other than an {@link IllegalArgumentException} (bad parameters stay bad input). The message
 * names the provider, its class and its jar, the method and the cause; the command line prints it as one line
 * and exits with status 1.
 *
 * @since 0.2
 */
public final class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the provider, its class and jar, the method and the cause
     * @param cause   what the provider threw, or {@code null} when it returned null
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
