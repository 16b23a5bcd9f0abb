/**
 * Engram's API: patterns, memory contracts, the {@code Engram} facade, learning and strategy hooks, typed
 * parameters, the plugin registry and the kernel SPI. It depends on nothing but {@code java.base} and finds
 * models, strategies and kernels through {@link java.util.ServiceLoader}: from the modules that {@code provide}
 * them, from {@code META-INF/services} on the class path, and from plugin jars.
 *
 * @uses dev.engram.api.spi.ModelProvider
 * @uses dev.engram.api.spi.StrategyProvider
 * @uses dev.engram.api.spi.KernelProvider
 * @since 0.2
 */
module dev.engram.api {
    exports dev.engram.api;
    exports dev.engram.api.kernel;
    exports dev.engram.api.learn;
    exports dev.engram.api.param;
    exports dev.engram.api.spi;

    uses dev.engram.api.spi.ModelProvider;
    uses dev.engram.api.spi.StrategyProvider;
    uses dev.engram.api.spi.KernelProvider;
}
