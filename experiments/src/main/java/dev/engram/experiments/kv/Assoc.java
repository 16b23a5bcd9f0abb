package dev.engram.experiments.kv;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.KeyValueMemory;
import dev.engram.api.Model;
import dev.engram.api.NeuronMask;
import dev.engram.api.RealVector;

/**
 * A memory under test in the key-value experiments: a {@link KeyValueMemory} ({@code kv}, {@code bam}) or an
 * autoassociative {@link BipolarMemory} ({@code hopfield}) seen through the same write/read steps.
 */
public interface Assoc {

    /** One time step: store {@code key -> value} when {@code q > 0}; with q = 0 only time advances. */
    void write(BipolarPattern key, BipolarPattern value, float q);

    /** The value read for a (masked, 0 = unknown) query. */
    RealVector read(RealVector query);

    /** The model behind it. */
    Model model();

    /** Wraps a model made by the registry. */
    static Assoc of(Model model) {
        if (model instanceof KeyValueMemory kv) {
            return new KeyValue(kv);
        }
        if (model instanceof BipolarMemory bm) {
            return new Auto(bm);
        }
        throw new IllegalArgumentException("model '" + model.providerName()
                + "' is neither a key-value memory nor a bipolar memory; the kv experiments accept kv, bam, hopfield");
    }

    /** A key-value memory: every step is a write with the given q (q = 0 still advances the slot pointer). */
    record KeyValue(KeyValueMemory memory) implements Assoc {
        @Override
        public void write(BipolarPattern key, BipolarPattern value, float q) {
            memory.write(key.toRealVector(), value.toRealVector(), q);
        }

        @Override
        public RealVector read(RealVector query) {
            return memory.read(query);
        }

        @Override
        public Model model() {
            return memory;
        }
    }

    /**
     * An autoassociative bipolar memory (classical Hopfield): a write with q > 0 stores the key (the value must
     * equal it); a read runs the recall dynamics from the masked query. The first synchronous step is
     * {@code sign(W x)} with the unknown components at 0, computed exactly from the model's (linear) local
     * fields as {@code (W x+ + W x-) / 2}, where x+ and x- fill the unknown components with +1 and -1; the
     * model's own dynamics then run from that state to a fixed point (or its step cap).
     */
    record Auto(BipolarMemory memory) implements Assoc {
        @Override
        public void write(BipolarPattern key, BipolarPattern value, float q) {
            if (!key.equals(value)) {
                throw new IllegalArgumentException("model '" + memory.providerName()
                        + "' is autoassociative: the value must equal the key");
            }
            if (q > 0) {
                memory.store(key);
            }
        }

        @Override
        public RealVector read(RealVector query) {
            int n = memory.dimension();
            if (query.size() != n) {
                throw new IllegalArgumentException("query has dimension " + query.size() + "; model has " + n);
            }
            float[] plus = new float[n];
            float[] minus = new float[n];
            for (int i = 0; i < n; i++) {
                float v = query.get(i);
                plus[i] = v == 0f ? 1f : Math.signum(v);
                minus[i] = v == 0f ? -1f : Math.signum(v);
            }
            NeuronMask all = NeuronMask.all(n);
            float[] fp = new float[n];
            float[] fm = new float[n];
            memory.fields(BipolarPattern.of(plus), all, fp);
            memory.fields(BipolarPattern.of(minus), all, fm);
            float[] first = new float[n];
            for (int i = 0; i < n; i++) {
                first[i] = fp[i] + fm[i];
            }
            BipolarPattern state = BipolarPattern.signOf(first);
            BipolarPattern fixed = memory.recall(state).state();
            return fixed.toRealVector();
        }

        @Override
        public Model model() {
            return memory;
        }
    }
}
