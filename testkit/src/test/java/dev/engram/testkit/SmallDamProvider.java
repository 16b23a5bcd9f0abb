package dev.engram.testkit;

import dev.engram.api.Model;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;

/** {@code small-dam} as a provider, so that the kit's own tests can save and load it (test class path only). */
public final class SmallDamProvider implements ModelProvider {
    /** SmallDam computes without kernels; these refuse every operation. */
    static final Kernels NO_KERNELS = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(),
            new Class<?>[] {Kernels.class}, (proxy, method, args) -> switch (method.getName()) {
                case "toString", "name" -> "no kernels";
                case "hashCode" -> 0;
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException("small-dam computes without kernels: " + method.getName());
            });

    @Override
    public String name() {
        return SmallDam.NAME;
    }

    @Override
    public String description() {
        return "the testkit's small trainable Dense Associative Memory";
    }

    @Override
    public List<ParamSpec> parameters() {
        return SmallDam.PARAMETERS;
    }

    @Override
    public Model create(ModelContext context) {
        return new SmallDam(context.dimension(), context.params(), context.seed());
    }

    @Override
    public Model read(ModelContext context, DataInput in) throws IOException {
        return SmallDam.read(context.dimension(), context.params(), in);
    }
}
