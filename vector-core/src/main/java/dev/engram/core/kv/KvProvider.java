package dev.engram.core.kv;

import dev.engram.api.Sizes;
import com.google.auto.service.AutoService;
import dev.engram.api.Model;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;

/**
 * {@code kv}: key-value memory with three-factor plasticity (Tyulmankov et al. 2021). The model's dimension is
 * the key dimension d; {@code slots-count} is the hidden size N and {@code value-dim} the value dimension m.
 */
@AutoService(ModelProvider.class)
public final class KvProvider implements ModelProvider {
    /** The provider name. */
    public static final String NAME = "kv";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("slots-count", 0, 0, 1_000_000,
                    "number of slots N (hidden size); 0 = the key dimension d"),
            ParamSpec.ofInt("value-dim", 0, 0, 1_000_000,
                    "value dimension m; 0 = the key dimension d (autoassociative)"),
            ParamSpec.ofChoice("slots", "sequential", List.of("sequential", "random"),
                    "local third factor: slot t mod N (pointer advances every step), or each slot with probability write-prob"),
            ParamSpec.ofDouble("write-prob", 0.0, 0.0, 1.0,
                    "probability p that a slot takes a write with slots=random; 0 = min(1, 4/N)"),
            ParamSpec.ofChoice("rule", "simple", List.of("simple", "general"),
                    "simple: key row overwritten, value Hebbian with post-write state; general: parametrised rule below"),
            ParamSpec.ofDouble("key-rate", 0.5, 0.0, 1.0,
                    "general rule: key learning rate (eta^K = q gamma key-rate)"),
            ParamSpec.ofDouble("value-rate", 0.5, 0.0, 100.0,
                    "general rule: value learning rate (eta^V = q value-rate)"),
            ParamSpec.ofDouble("value-decay", 0.95, 0.0, 1.0,
                    "general rule: value decay lambda on a write (lambda_t = 1 - q + q value-decay)"),
            ParamSpec.ofDouble("key-pre-scale", 1.0, -100.0, 100.0, "general rule: fK(x) = key-pre-scale x + key-pre-shift"),
            ParamSpec.ofDouble("key-pre-shift", 0.0, -100.0, 100.0, "general rule: shift of fK"),
            ParamSpec.ofDouble("key-post-scale", 1.0, -100.0, 100.0, "general rule: gK(h) = key-post-scale h + key-post-shift"),
            ParamSpec.ofDouble("key-post-shift", 0.0, -100.0, 100.0, "general rule: shift of gK"),
            ParamSpec.ofDouble("value-pre-scale", 1.0, -100.0, 100.0,
                    "general rule: fV(h') = value-pre-scale h' + value-pre-shift"),
            ParamSpec.ofDouble("value-pre-shift", 0.0, -100.0, 100.0, "general rule: shift of fV"),
            ParamSpec.ofDouble("value-post-scale", 1.0, -100.0, 100.0,
                    "general rule: gV(y) = value-post-scale y + value-post-shift"),
            ParamSpec.ofDouble("value-post-shift", 0.0, -100.0, 100.0, "general rule: shift of gV"),
            ParamSpec.ofDouble("global-scale", 1.0, -100.0, 100.0,
                    "global third factor q' = max(0, global-scale q + global-shift), the authors' trainable i2tf (a)"),
            ParamSpec.ofDouble("global-shift", 0.0, -100.0, 100.0,
                    "global third factor: shift b of q' = max(0, a q + b); b > 0 writes also on q = 0 steps"),
            ParamSpec.ofBoolean("flashbulb", false,
                    "meta-plasticity (rule=simple): a slot written with rate q >= flashbulb-threshold becomes stable"),
            ParamSpec.ofDouble("flashbulb-threshold", 2.0, 1.0, 1e6,
                    "write rate (q gamma) at which a slot becomes stable when flashbulb=true"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "key-value memory with three-factor plasticity (Tyulmankov et al. 2021)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public Model create(ModelContext context) {
        return new KvMemory(context.params(), context.kernels(), context.dimension(), context.seed());
    }

    @Override
    public long minimumStateBytes(ModelContext context) {
        int d = context.dimension();
        int slots = context.params().getInt("slots-count");
        long n = slots == 0 ? d : slots;
        int vd = context.params().getInt("value-dim");
        long m = vd == 0 ? d : vd;
        // seed, shape, step, then keys (N × d), values (m × N) and one flag per slot
        return Sizes.plus(28, Sizes.plus(Sizes.times(Sizes.plus(Sizes.times(n, d), Sizes.times(m, n)), 4), n));
    }

    @Override
    public Model read(ModelContext context, DataInput in) throws IOException {
        KvMemory mem = new KvMemory(context.params(), context.kernels(), context.dimension(), context.seed());
        mem.readState(in);
        return mem;
    }
}
