package dev.engram.core.model.dam;

import dev.engram.api.Sizes;
import com.google.auto.service.AutoService;
import dev.engram.api.Model;
import dev.engram.api.kernel.Interaction;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/**
 * {@code dam}: the Dense Associative Memory. {@code mode=trained} (default) gives a {@link TrainedDam} (K
 * real-valued memories learned by gradient descent, a {@link dev.engram.api.learn.TrainableModel});
 * {@code mode=stored} gives a {@link StoredDam} (each stored pattern becomes a bipolar memory).
 */
@AutoService(ModelProvider.class)
public final class DamProvider implements ModelProvider {

    static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofChoice("interaction", "polynomial", Interaction.Kind.ids(),
                    "interaction function F: polynomial x^n, rectified (x^n for x>0), leaky (x^n for x>0, else 0.01x), exponential e^x"),
            ParamSpec.ofInt("n", 3, 1, 100, "interaction vertex (degree) n; ignored by exponential"),
            ParamSpec.ofDouble("temperature", 0.0, 0.0, 1e6,
                    "temperature T, beta = 1/T; 0 = automatic: a memory at overlap q (temperature-overlap) gives a "
                            + "field of about 1 (normalised: beta = (N/(2n q^(n-1)))^(1/n); exponential: beta = 2 ln N)"),
            ParamSpec.ofDouble("temperature-overlap", 1.0, 0.01, 1.0,
                    "with temperature 0: the normalised overlap q of a memory whose field is about 1 (1 = a perfect "
                            + "match; the MNIST presets use 0.5)"),
            ParamSpec.ofChoice("form", "normalised", List.of("normalised", "krotov"),
                    "normalised: F((beta/N) xi.x) (McAlister et al.); krotov: F(xi.x / T) (Krotov & Hopfield)"),
            ParamSpec.ofChoice("mode", "trained", List.of("trained", "stored"),
                    "trained: K real memories in [-1,1] learned by gradient descent; stored: each stored pattern is a memory"),
            ParamSpec.ofInt("memories", 100, 1, 1 << 20, "K, the number of trained memories (mode=trained)"),
            ParamSpec.ofChoice("recall", "sync", List.of("sync", "async"),
                    "sync: all free neurons from one state per step; async: seeded random order, one neuron at a time"),
            ParamSpec.ofInt("max-steps", 100, 1, 1_000_000, "step cap of recall (sync steps or async sweeps)"),
            ParamSpec.ofInt("epochs", 100, 1, 1_000_000, "training epochs per task (mode=trained)"),
            ParamSpec.ofInt("batch-size", 128, 1, 1 << 30, "items per training batch (mode=trained)"),
            ParamSpec.ofDouble("learning-rate", 0.1, 0.0, 10.0, "initial learning rate lr0 (per-memory max-normalised step)"),
            ParamSpec.ofDouble("learning-rate-decay", 0.999, 0.0, 1.0, "lr = lr0 * decay^epoch"),
            ParamSpec.ofDouble("momentum", 0.6, 0.0, 0.9999, "momentum p: V <- p V + dL/dxi"),
            ParamSpec.ofInt("error-power", 1, 1, 50, "m in the loss sum (Y - t)^(2m)"),
            ParamSpec.ofDouble("temperature-final", 0.0, 0.0, 1e6,
                    "temperature at the last epoch of a task, ramped linearly from temperature (0 = same as temperature)"),
            ParamSpec.ofDouble("init-std", 0.1, 0.0, 1.0, "memories start as Normal(0, init-std^2), clamped to [-1, 1]"),
            ParamSpec.ofChoice("training", "batched", List.of("batched", "batched-bits", "per-item"),
                    "batched: the batch's overlaps and gradient as matrix products, split over threads (same bits for "
                            + "any thread count); batched-bits: the same, with the two products of the +-1 states "
                            + "(overlaps X.xi^T, gradient A^T.X) from their packed bits by tables of signed sums, no "
                            + "multiplications (other float rounding than batched; the same bits on any thread "
                            + "count); per-item: one item at a time, the earlier path"),
            ParamSpec.ofChoice("term-split", "memories", List.of("memories"),
                    "how batched training splits the per-item terms over threads: memories (an item's field summed "
                            + "per group of " + TrainedDam.GROUP + " memories, then over the groups in order; each "
                            + "thread keeps its memories' rows, so only the sums cross between cores; the result does not depend on "
                            + "the thread count). The one form since 2026-12-03: items (one chain over all memories, "
                            + "chunks of items per thread), the default before 2026-12-02, was removed; the records "
                            + "made with it, and model files that name it, need a commit before that day"),
            ParamSpec.ofInt("threads", 0, 0, 1024, "threads of batched training (0 = every core); results do not depend on it"),
            ParamSpec.ofChoice("train-state", "recall", List.of("recall", "targets"),
                    "state a masked neuron is trained in: recall (the other masked neurons at -1, as recall starts) "
                            + "or targets (the others at their targets, as the authors' library)"),
            ParamSpec.ofChoice("recall-scale", "temperature", List.of("temperature", "unit"),
                    "scale of recall and fields: temperature (beta/N at the final temperature) or unit (1/N, as the "
                            + "authors' library relaxes)"),
            ParamSpec.ofBoolean("init-clamp", true, "clamp the initial memories to [-1, 1] (the authors' library "
                    + "does not: its clamp is not in place)"),
            ParamSpec.ofChoice("temperature-ramp", "endpoint", List.of("endpoint", "fraction"),
                    "temperature ramp: endpoint (reaches temperature-final at the last epoch) or fraction "
                            + "(epoch/epochs, as the library: never reaches it)"));

    @Override
    public String name() {
        return "dam";
    }

    @Override
    public String description() {
        return "Dense Associative Memory (Krotov & Hopfield 2016): polynomial/rectified/exponential interactions, stored or trained memories";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public Model create(ModelContext context) {
        String mode = context.params().getString("mode");
        return mode.equals("stored")
                ? new StoredDam(context.dimension(), context.params(), context.kernels(), context.seed())
                : new TrainedDam(context.dimension(), context.params(), context.kernels(), context.seed());
    }

    @Override
    public long minimumStateBytes(ModelContext context) {
        if (context.params().getString("mode").equals("stored")) {
            return 12; // seed and memory count
        }
        // seed, temperature, learning rate, then K × N memories and K × N momentum, each with its length
        long kn = Sizes.times(context.params().getInt("memories"), context.dimension());
        return Sizes.plus(32, Sizes.times(kn, 8));
    }

    @Override
    public Model read(ModelContext context, DataInput in) throws IOException {
        String mode = context.params().getString("mode");
        return mode.equals("stored")
                ? StoredDam.read(context.dimension(), context.params(), context.kernels(), in)
                : TrainedDam.read(context.dimension(), context.params(), context.kernels(), in);
    }
}
