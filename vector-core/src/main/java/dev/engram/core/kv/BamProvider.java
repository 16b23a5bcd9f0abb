package dev.engram.core.kv;

import dev.engram.api.Sizes;
import com.google.auto.service.AutoService;
import dev.engram.api.AbstractModel;
import dev.engram.api.KeyValueMemory;
import dev.engram.api.Model;
import dev.engram.api.RealVector;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * {@code bam}: bidirectional associative memory (Kosko 1988), the heteroassociative baseline of Tyulmankov et
 * al. 2021. Weights W (m x d): {@code W <- decay W + rate q y x^T}; read {@code y = sign(W x)} with
 * {@code sign(0) = 0}.
 */
@AutoService(ModelProvider.class)
public final class BamProvider implements ModelProvider {
    /** The provider name. */
    public static final String NAME = "bam";

    private static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.ofInt("value-dim", 0, 0, 1_000_000, "value dimension m; 0 = the key dimension d"),
            ParamSpec.ofDouble("decay", 1.0, 0.0, 1.0, "lambda: W is multiplied by it on every write with q > 0"),
            ParamSpec.ofDouble("rate", 1.0, 0.0, 1e6, "eta: Hebbian learning rate"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bidirectional associative memory: W <- lambda W + eta q y x^T, read sign(W x)";
    }

    @Override
    public List<ParamSpec> parameters() {
        return PARAMS;
    }

    @Override
    public Model create(ModelContext context) {
        return new Bam(context.params(), context.kernels(), context.dimension());
    }

    @Override
    public long minimumStateBytes(ModelContext context) {
        int vd = context.params().getInt("value-dim");
        int m = vd == 0 ? context.dimension() : vd;
        return Sizes.plus(8, Sizes.times(m, context.dimension(), 4));
    }

    @Override
    public Model read(ModelContext context, DataInput in) throws IOException {
        Bam b = new Bam(context.params(), context.kernels(), context.dimension());
        int d = in.readInt();
        int m = in.readInt();
        if (d != b.d || m != b.m) {
            throw new IOException("bam state has shape " + m + " x " + d + "; the parameters give " + b.m + " x " + b.d);
        }
        for (int i = 0; i < b.w.length; i++) {
            float v = in.readFloat();
            if (!Float.isFinite(v)) {
                throw new IOException("bam state has a non-finite weight: " + v);
            }
            b.w[i] = v;
        }
        return b;
    }

    static final class Bam extends AbstractModel implements KeyValueMemory {
        private final Kernels kernels;
        final int d;
        final int m;
        private final float lambda;
        private final float eta;
        final float[] w;

        Bam(Params params, Kernels kernels, int d) {
            super(NAME, d, params);
            this.kernels = kernels;
            this.d = d;
            int vd = params.getInt("value-dim");
            this.m = vd == 0 ? d : vd;
            this.lambda = (float) params.getDouble("decay");
            this.eta = (float) params.getDouble("rate");
            this.w = new float[Sizes.requireArray("bam with key dimension " + Sizes.count(d) + " and value dimension "
                    + Sizes.count(m), (long) m * d, 4, "weights")];
        }

        @Override
        public int keyDimension() {
            return d;
        }

        @Override
        public int valueDimension() {
            return m;
        }

        @Override
        public synchronized void write(RealVector key, RealVector value, float q) {
            requireNotFrozen("accept more writes");
            if (key.size() != d) {
                throw new dev.engram.api.DimensionMismatchException(d, key.size(), "key has dimension " + key.size() + "; this bam model has key dimension " + d);
            }
            if (value.size() != m) {
                throw new dev.engram.api.DimensionMismatchException(m, value.size(), "value has dimension " + value.size() + "; this bam model has value dimension " + m);
            }
            if (!Float.isFinite(q) || q < 0 || q > 1) {
                throw new IllegalArgumentException("third factor q is " + q + "; accepted: 0 to 1");
            }
            if (q == 0f) {
                return;
            }
            if (lambda != 1f) {
                kernels.scale(lambda, w, 0, w.length);
            }
            float[] x = key.toArray();
            for (int k = 0; k < m; k++) {
                float a = eta * q * value.get(k);
                if (a != 0f) {
                    kernels.axpy(a, x, 0, w, k * d, d);
                }
            }
        }

        @Override
        public synchronized RealVector read(RealVector query) {
            if (query.size() != d) {
                throw new dev.engram.api.DimensionMismatchException(d, query.size(), "query has dimension " + query.size() + "; this bam model has key dimension " + d);
            }
            float[] y = new float[m];
            kernels.matVec(w, 0, m, d, query.toArray(), 0, y, 0);
            for (int k = 0; k < m; k++) {
                y[k] = Math.signum(y[k]);
            }
            return RealVector.of(y);
        }

        @Override
        public synchronized void reset() {
            requireNotFrozen("be reset");
            java.util.Arrays.fill(w, 0f);
        }

        @Override
        public void writeState(DataOutput out) throws IOException {
            out.writeInt(d);
            out.writeInt(m);
            for (float v : w) {
                out.writeFloat(v);
            }
        }
    }
}
