/**
 * The SIMD engine and the built-in models: the kernels (Panama on {@code jdk.incubator.vector}, and the scalar
 * reference) and {@code hopfield}, {@code dam}, {@code modern}, {@code kv}, {@code bam}. Nothing is exported:
 * everything is reached through the providers, found by {@link java.util.ServiceLoader}.
 *
 * @provides dev.engram.api.spi.ModelProvider
 * @provides dev.engram.api.spi.KernelProvider
 * @since 0.2
 */
// AutoService's annotations (compile time only, requires static) are an automatic module; nothing else is.
@SuppressWarnings("requires-automatic")
module dev.engram.core {
    requires dev.engram.api;
    requires jdk.incubator.vector;
    requires java.management;
    requires static com.google.auto.service;

    provides dev.engram.api.spi.ModelProvider with
            dev.engram.core.model.hopfield.HopfieldProvider,
            dev.engram.core.model.dam.DamProvider,
            dev.engram.core.model.modern.ModernProvider,
            dev.engram.core.kv.KvProvider,
            dev.engram.core.kv.BamProvider;
    provides dev.engram.api.spi.KernelProvider with
            dev.engram.core.kernel.VectorCoreKernelProvider;
}
