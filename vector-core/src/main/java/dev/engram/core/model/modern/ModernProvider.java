package dev.engram.core.model.modern;

import com.google.auto.service.AutoService;
import dev.engram.api.Model;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/** {@code modern}: the continuous modern Hopfield network ({@link ModernHopfield}). */
@AutoService(ModelProvider.class)
public final class ModernProvider implements ModelProvider {

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofDouble("beta", 0.0, 0.0, 1e6, "inverse temperature beta of softmax(beta X^T xi); 0 = 1/sqrt(N)"),
            ParamSpec.ofInt("max-steps", 1, 1, 1_000_000, "update steps: 1 = one-step retrieval; more = iterate until the change < epsilon"),
            ParamSpec.ofDouble("epsilon", 1e-4, 0.0, 1e6, "stop when no component changes by epsilon or more"));

    @Override
    public String name() {
        return "modern";
    }

    @Override
    public String description() {
        return "continuous modern Hopfield network (Ramsauer et al. 2020): xi <- X softmax(beta X^T xi)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public Model create(ModelContext c) {
        return new ModernHopfield(c.dimension(), c.params(), c.kernels(), c.seed());
    }

    @Override
    public long minimumStateBytes(ModelContext context) {
        return 16; // seed, pattern count, the patterns' length
    }

    @Override
    public Model read(ModelContext c, DataInput in) throws IOException {
        return ModernHopfield.read(c.dimension(), c.params(), c.kernels(), in);
    }
}
