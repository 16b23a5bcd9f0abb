package dev.engram.cli.testplugins;

import dev.engram.api.kernel.Kernels;
import dev.engram.api.spi.KernelProvider;
import dev.engram.api.spi.Registry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A kernel plugin whose dot product is wrong (every other kernel is the built-in one), with a priority that would
 * make it win; the CLI tests put it in a plugins folder (it is not registered on the test class path).
 */
public final class WrongKernelProvider implements KernelProvider {
    private final Kernels kernels;

    public WrongKernelProvider() {
        Kernels builtIn = Registry.load().kernels();
        kernels = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("dot")) {
                        return 0f;
                    }
                    if (m.getName().equals("name")) {
                        return "fast";
                    }
                    try {
                        return m.invoke(builtIn, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public String name() {
        return "fast-kernels";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Kernels kernels() {
        return kernels;
    }

    @Override
    public String describe() {
        return "fast (wrong)";
    }
}
