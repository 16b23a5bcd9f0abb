package dev.engram.core.model.hopfield;

import dev.engram.api.Sizes;
import com.google.auto.service.AutoService;
import dev.engram.api.Model;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/** {@code hopfield}: the classical Hopfield network ({@link HopfieldNetwork}, {@link DeltaHopfieldNetwork}). */
@AutoService(ModelProvider.class)
public final class HopfieldProvider implements ModelProvider {

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofChoice("rule", "hebbian", List.of("hebbian", "storkey", "delta", "pseudoinverse"),
                    "learning rule: hebbian (1/N sum x x^T), storkey, delta (perceptron, trainable), pseudoinverse (projection)"),
            ParamSpec.ofChoice("diagonal", "zero", List.of("zero", "keep"), "zero the self-couplings W_ii, or keep them"),
            ParamSpec.ofDouble("decay", 1.0, 0.0, 1.0, "lambda: W <- lambda W + eta x x^T / N on each store (hebbian, storkey, delta)"),
            ParamSpec.ofDouble("rate", 1.0, 0.0, 1e6, "eta: the weight of each newly stored pattern (hebbian, storkey, delta)"),
            ParamSpec.ofChoice("recall", "async", List.of("async", "sync"),
                    "async: one neuron at a time in seeded random order; sync: all neurons from one state"),
            ParamSpec.ofInt("max-steps", 100, 1, 1_000_000, "step cap of recall (async sweeps or sync steps)"),
            ParamSpec.ofInt("epochs", 100, 1, 1_000_000, "delta rule: epochs per task (and per store() outside a trainer)"),
            ParamSpec.ofDouble("learning-rate", 1.0, 0.0, 1e6, "delta rule: step W -= (learning-rate / N) * grad"),
            ParamSpec.ofDouble("margin", 1.0, 0.0, 1e6, "delta rule: a neuron is trained until x_i (Wx)_i >= margin (0 = plain stability)"),
            ParamSpec.ofInt("batch-size", 0, 0, 1 << 30, "delta rule: items per batch (0 = the whole task in one batch)"));

    @Override
    public String name() {
        return "hopfield";
    }

    @Override
    public String description() {
        return "classical Hopfield network: hebbian, storkey, delta (trainable) or pseudo-inverse rule; sync/async recall";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public Model create(ModelContext c) {
        return c.params().getString("rule").equals("delta")
                ? new DeltaHopfieldNetwork(c.dimension(), c.params(), c.kernels(), c.seed())
                : new HopfieldNetwork(c.dimension(), c.params(), c.kernels(), c.seed());
    }

    @Override
    public long minimumStateBytes(ModelContext c) {
        // seed, count, the weights' length and N × N floats, the kept patterns' length
        return Sizes.plus(20, Sizes.times(c.dimension(), c.dimension(), 4));
    }

    @Override
    public Model read(ModelContext c, DataInput in) throws IOException {
        HopfieldNetwork h = (HopfieldNetwork) create(c);
        h.readState(in);
        return h;
    }
}
