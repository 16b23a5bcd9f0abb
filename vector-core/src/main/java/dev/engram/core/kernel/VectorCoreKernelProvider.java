package dev.engram.core.kernel;

import com.google.auto.service.AutoService;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.spi.KernelProvider;

/** The built-in kernel provider: Panama where it can run, the scalar reference otherwise. */
@AutoService(KernelProvider.class)
public final class VectorCoreKernelProvider implements KernelProvider {

    @Override
    public String name() {
        return "vector-core";
    }

    @Override
    public Kernels kernels() {
        return KernelSelector.selected().kernels();
    }

    @Override
    public String describe() {
        return KernelSelector.selected().description();
    }
}
