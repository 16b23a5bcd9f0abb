package dev.engram.api.spi;

import dev.engram.api.kernel.Kernels;

/**
 * Supplies the numeric kernels. {@code vector-core} registers one that selects Panama or scalar at run time.
 * If several are present the one with the highest {@link #priority()} wins.
 */
public interface KernelProvider {

    String name();

    /** Higher wins when several providers are present. */
    default int priority() {
        return 0;
    }

    /** The kernels this provider selected (created once, then shared). */
    Kernels kernels();

    /** One line on what was selected and why, e.g. {@code panama (512-bit vectors)}. */
    String describe();
}
