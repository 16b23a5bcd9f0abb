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

    /**
     * The authors' classical Hopfield layer ({@code ClassicHopfieldLayer} in bio-kvm's {@code models/hopfield.py}):
     * the weights decay on <b>every</b> step, queries included, W ← lambda W + eta q x x^T (diagonal kept, no
     * clamp); a read starts from the masked query (0 = unknown) and applies x ← sign(W x) (sign(0) = 0) until the
     * state repeats or {@code steps} steps. Used by the continual and flashbulb tasks as the authors ran them; the
     * registry's {@code hopfield} model decays only when it stores.
     */
    final class EveryStepHopfield implements Assoc {
        private final dev.engram.api.kernel.Kernels kernels;
        private final Model model;
        private final int n;
        private final float decay;
        private final float rate;
        private final int steps;
        private final float[] w;

        EveryStepHopfield(dev.engram.api.kernel.Kernels kernels, Model model, int n, double decay, double rate, int steps) {
            this.kernels = kernels;
            this.model = model;
            this.n = n;
            this.decay = (float) decay;
            this.rate = (float) rate;
            this.steps = steps;
            this.w = new float[Math.multiplyExact(n, n)];
        }

        @Override
        public void write(BipolarPattern key, BipolarPattern value, float q) {
            if (!key.equals(value)) {
                throw new IllegalArgumentException("model 'hopfield' is autoassociative: the value must equal the key");
            }
            kernels.scale(decay, w, 0, w.length);
            if (q > 0) {
                float[] x = key.toRealVector().toArray();
                for (int i = 0; i < n; i++) {
                    kernels.axpy(rate * q * x[i], x, 0, w, i * n, n);
                }
            }
        }

        @Override
        public RealVector read(RealVector query) {
            if (query.size() != n) {
                throw new IllegalArgumentException("query has dimension " + query.size() + "; model has " + n);
            }
            float[] x = query.toArray();
            float[] y = new float[n];
            for (int s = 0; s < steps; s++) {
                kernels.matVec(w, 0, n, n, x, 0, y, 0);
                boolean same = true;
                for (int i = 0; i < n; i++) {
                    y[i] = Math.signum(y[i]);
                    same &= y[i] == x[i];
                }
                float[] t = x;
                x = y;
                y = t;
                if (same) {
                    break;
                }
            }
            return RealVector.of(x);
        }

        @Override
        public Model model() {
            return model;
        }
    }

    /**
     * The authors' reference key-value network with their stability meta-plasticity ({@code PlasticLinear} with
     * {@code stability=True} in bio-kvm's {@code models/plasticnet.py}): a stability value per <b>synapse</b> of
     * the key matrix K (N x d) and of the value matrix V (m x N). A synapse's rate is q gamma_i (1 - s); after the
     * write, s becomes 1 where that rate reached the threshold (the authors': 10, 5 for random slots). The rule
     * is the simple one: K_ij ← (1 - c) K_ij + c x_j, then h' = softmax(K x), V_ki ← (1 - c) V_ki + c y_k h'_i,
     * c = min(1, rate). Slot choice and initial weights are drawn as the registry's {@code kv} model draws them, so
     * the two differ only in where stability lives. A measurement reference, not a registry model.
     *
     * <p>With {@code rule} (the general rule's scalars, {@link MetaLearning#SCALARS}: a trained rule) it is the
     * authors' trained network ({@code SpecialPlasticRNN}, sequential slots) under the same {@code PlasticLinear}
     * stability code: the store signal is q' = max(0, a q + b); keys (active decay): rate = q' γ_i η̃_K (1 − s),
     * K_ij ← (1 − c) K_ij + c g_K(h_i) f_K(x_j) with h = softmax(K x) before the write; values (passive decay, no
     * slot factor): rate = q' η̃_V (1 − s), V_ki ← (1 − q'(1 − λ̃)) V_ki + c g_V(y_k) f_V(h'_i) with h' after the
     * key write; c = clamp(rate, 0, 1), and s = 1 where the rate reached the threshold. Passive decay acts on stable
     * synapses too, as in the authors' code.
     */
    final class SynapseStableKv implements Assoc {
        private static final double INIT = 1e-10;
        private final dev.engram.api.kernel.Kernels kernels;
        private final Model model;
        private final int d;
        private final int n;
        private final boolean random;
        private final double p;
        private final double threshold;
        private final long seed;
        private final float[] keys;
        private final float[] values;
        private final float[] keyStable;
        private final float[] valueStable;
        private final float[] gamma;
        private final float[] hidden;
        /** The general rule's scalars in {@link MetaLearning#SCALARS} order, or null for the simple rule. */
        private final float[] rule;
        private long step;

        SynapseStableKv(dev.engram.api.kernel.Kernels kernels, Model model, int d, int n, boolean random, double p,
                        double threshold, long seed) {
            this(kernels, model, d, n, random, p, threshold, seed, null);
        }

        SynapseStableKv(dev.engram.api.kernel.Kernels kernels, Model model, int d, int n, boolean random, double p,
                        double threshold, long seed, java.util.Map<String, Double> rule) {
            if (rule != null && random) {
                throw new IllegalArgumentException("a trained rule with per-synapse stability runs on sequential slots"
                        + " (the slots it was meta-learned on)");
            }
            this.rule = rule == null ? null : new float[MetaLearning.SCALARS.size()];
            if (rule != null) {
                for (int i = 0; i < this.rule.length; i++) {
                    this.rule[i] = rule.get(MetaLearning.SCALARS.get(i)).floatValue();
                }
            }
            this.kernels = kernels;
            this.model = model;
            this.d = d;
            this.n = n;
            this.random = random;
            this.p = p == 0 ? Math.min(1.0, 4.0 / n) : p;
            this.threshold = threshold;
            this.seed = seed;
            keys = new float[Math.multiplyExact(n, d)];
            values = new float[Math.multiplyExact(d, n)];
            keyStable = new float[keys.length];
            valueStable = new float[values.length];
            java.util.SplittableRandom init = new java.util.SplittableRandom(seed);
            for (int i = 0; i < keys.length; i++) {
                keys[i] = (float) init.nextDouble(-INIT, INIT);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) init.nextDouble(-INIT, INIT);
            }
            gamma = new float[n];
            hidden = new float[n];
        }

        @Override
        public void write(BipolarPattern key, BipolarPattern value, float q) {
            long t = step++;
            java.util.Arrays.fill(gamma, 0f);
            if (random) {
                java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (t + 1)));
                for (int i = 0; i < n; i++) {
                    if (r.nextDouble() < p) {
                        gamma[i] = 1f;
                    }
                }
            } else {
                gamma[(int) (t % n)] = 1f;
            }
            if (rule != null) {
                writeGeneral(key, value, Math.max(0f, rule[11] * q + rule[12]));
                return;
            }
            if (q == 0f) {
                return;
            }
            float[] x = key.toRealVector().toArray();
            float[] y = value.toRealVector().toArray();
            for (int i = 0; i < n; i++) {
                if (gamma[i] == 0f) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    int idx = i * d + j;
                    float rate = q * gamma[i] * (1f - keyStable[idx]);
                    float c = Math.min(1f, rate);
                    keys[idx] = (1f - c) * keys[idx] + c * x[j];
                    if (rate >= threshold) {
                        keyStable[idx] = 1f;
                    }
                }
            }
            kernels.matVec(keys, 0, n, d, x, 0, hidden, 0);
            kernels.softmax(1f, hidden, 0, hidden, 0, n);
            for (int i = 0; i < n; i++) {
                if (gamma[i] == 0f) {
                    continue;
                }
                for (int k = 0; k < d; k++) {
                    int idx = k * n + i;
                    float rate = q * gamma[i] * (1f - valueStable[idx]);
                    float c = Math.min(1f, rate);
                    values[idx] = (1f - c) * values[idx] + c * y[k] * hidden[i];
                    if (rate >= threshold) {
                        valueStable[idx] = 1f;
                    }
                }
            }
        }

        /** The trained rule's write with store signal {@code q} (already through the global factor). */
        private void writeGeneral(BipolarPattern key, BipolarPattern value, float q) {
            if (q == 0f) {
                return;
            }
            // rule in MetaLearning.SCALARS order: rates and decay, then f_K, g_K, f_V, g_V as (scale, shift)
            float keyRate = rule[0];
            float valueRate = rule[1];
            float lambda = rule[2];
            float fKa = rule[3];
            float fKb = rule[4];
            float gKa = rule[5];
            float gKb = rule[6];
            float fVa = rule[7];
            float fVb = rule[8];
            float gVa = rule[9];
            float gVb = rule[10];
            float[] x = key.toRealVector().toArray();
            float[] y = value.toRealVector().toArray();
            kernels.matVec(keys, 0, n, d, x, 0, hidden, 0);
            kernels.softmax(1f, hidden, 0, hidden, 0, n);
            for (int i = 0; i < n; i++) {
                if (gamma[i] == 0f) {
                    continue;
                }
                float post = gKa * hidden[i] + gKb;
                for (int j = 0; j < d; j++) {
                    int idx = i * d + j;
                    float rate = q * gamma[i] * keyRate * (1f - keyStable[idx]);
                    float c = Math.clamp(rate, 0f, 1f);
                    keys[idx] = (1f - c) * keys[idx] + c * post * (fKa * x[j] + fKb);
                    if (rate >= threshold) {
                        keyStable[idx] = 1f;
                    }
                }
            }
            kernels.matVec(keys, 0, n, d, x, 0, hidden, 0);
            kernels.softmax(1f, hidden, 0, hidden, 0, n);
            float decay = 1f - q * (1f - lambda);
            for (int k = 0; k < d; k++) {
                float post = gVa * y[k] + gVb;
                for (int i = 0; i < n; i++) {
                    int idx = k * n + i;
                    float rate = q * valueRate * (1f - valueStable[idx]);
                    float c = Math.clamp(rate, 0f, 1f);
                    values[idx] = decay * values[idx] + c * post * (fVa * hidden[i] + fVb);
                    if (rate >= threshold) {
                        valueStable[idx] = 1f;
                    }
                }
            }
        }

        @Override
        public RealVector read(RealVector query) {
            float[] x = query.toArray();
            float[] h = new float[n];
            kernels.matVec(keys, 0, n, d, x, 0, h, 0);
            kernels.softmax(1f, h, 0, h, 0, n);
            float[] y = new float[d];
            kernels.matVec(values, 0, d, n, h, 0, y, 0);
            return RealVector.of(y);
        }

        @Override
        public Model model() {
            return model;
        }
    }
}
