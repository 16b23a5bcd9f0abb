package dev.engram.api.spi;

import dev.engram.api.kernel.Kernels;

/**
 * Supplies the numeric kernels. {@code vector-core} registers one that selects Panama or scalar at run time.
 * If several are present the one with the highest {@link #priority()} wins, among those that pass the registry's
 * check ({@link Registry#kernelProvider()}): a provider whose methods throw or return null, or whose kernels compute
 * wrong results on a small input, is reported as a problem and passed over.
 *
 * <p>Found with {@link java.util.ServiceLoader}; needs a public no-argument constructor. Its methods may be
 * called from several threads.
 *
 * @since 0.2
 */
public interface KernelProvider {

    /**
     * The provider's name, for messages and {@code engram plugins}.
     *
     * @return a short name, e.g. {@code vector-core}
     */
    String name();

    /**
     * Higher wins when several providers are present.
     *
     * @return the priority; 0 by default
     */
    default int priority() {
        return 0;
    }

    /**
     * The kernels this provider selected (created once, then shared).
     *
     * @return the same thread-safe instance on every call
     */
    Kernels kernels();

    /**
     * One line on what was selected and why, e.g. {@code panama (512-bit vectors)}.
     *
     * @return the description
     */
    String describe();
}
