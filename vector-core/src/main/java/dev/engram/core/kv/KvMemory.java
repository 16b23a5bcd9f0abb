package dev.engram.core.kv;

import dev.engram.api.Sizes;
import dev.engram.api.AbstractModel;
import dev.engram.api.KeyValueMemory;
import dev.engram.api.RealVector;
import dev.engram.api.kernel.Kernels;
import dev.engram.api.param.Params;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Key-value memory with three-factor plasticity (Tyulmankov et al. 2021): keys {@code K} (N x d, row i = key of
 * slot i) and values {@code V} (m x N, column i = value of slot i). Read: {@code h = softmax(K x)},
 * {@code y = V h}. A write is gated by the global third factor {@code q} and the local third factor
 * {@code gamma} (which slots take the write: {@code sequential} = slot {@code t mod N}, the pointer advancing
 * every step even when {@code q = 0}; {@code random} = each slot independently with probability {@code p}).
 * The plasticity rule is {@link KvRule}. With {@code flashbulb}, a slot whose write rate reaches the threshold
 * (a write with large {@code q}) becomes stable: later writes leave it unchanged.
 */
final class KvMemory extends AbstractModel implements KeyValueMemory {
    /** Plastic matrices start at U(-INIT, INIT), as in the authors' code. */
    static final float INIT = 1e-10f;

    private final Kernels kernels;
    private long seed;
    private final int d;
    private final int n;
    private final int m;
    private final boolean random;
    private final double p;
    private final KvRule rule;
    private final boolean flashbulb;
    private final double threshold;
    private final double globalScale;
    private final double globalShift;

    final float[] keys;      // n x d
    final float[] values;    // m x n
    final boolean[] stable;  // per slot
    long step;

    // scratch (writes are single-threaded; reads allocate their own)
    private final float[] hidden;
    private final float[] rates;
    private final float[] pre;
    private final float[] post;
    private final float[] keyPre;

    KvMemory(Params params, Kernels kernels, int keyDimension, long seed) {
        super(KvProvider.NAME, keyDimension, params);
        this.kernels = kernels;
        this.seed = seed;
        this.d = keyDimension;
        int slots = params.getInt("slots-count");
        this.n = slots == 0 ? keyDimension : slots;
        int vd = params.getInt("value-dim");
        this.m = vd == 0 ? keyDimension : vd;
        this.random = params.getString("slots").equals("random");
        double wp = params.getDouble("write-prob");
        this.p = wp == 0 ? Math.min(1.0, 4.0 / n) : wp;
        this.rule = KvRule.from(params);
        this.flashbulb = params.getBoolean("flashbulb");
        this.threshold = params.getDouble("flashbulb-threshold");
        this.globalScale = params.getDouble("global-scale");
        this.globalShift = params.getDouble("global-shift");
        if (flashbulb && rule.general()) {
            throw new IllegalArgumentException("parameter 'flashbulb' of model 'kv' is true with rule=general; "
                    + "accepted: flashbulb=true only with rule=simple (the general rule's value rate has no slot factor)");
        }
        String who = "kv with " + Sizes.count(n) + " slots, key dimension " + Sizes.count(d) + " and value dimension "
                + Sizes.count(m);
        Sizes.requireMemory(who, Sizes.times(Sizes.plus(Sizes.times(n, d), Sizes.times(m, n)), 4), "keys and values");
        keys = new float[Sizes.requireArray(who, (long) n * d, 4, "key weights")];
        values = new float[Sizes.requireArray(who, (long) m * n, 4, "value weights")];
        stable = new boolean[n];
        SplittableRandom init = new SplittableRandom(seed);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (float) init.nextDouble(-INIT, INIT);
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) init.nextDouble(-INIT, INIT);
        }
        hidden = new float[n];
        rates = new float[n];
        pre = new float[Math.max(d, n)];
        post = new float[Math.max(m, n)];
        keyPre = new float[d];
    }

    @Override
    public int keyDimension() {
        return d;
    }

    @Override
    public int valueDimension() {
        return m;
    }

    /** Number of slots N (the hidden size). */
    int slots() {
        return n;
    }

    /** The write probability of random slot choice. */
    double writeProbability() {
        return p;
    }

    private void checkQ(float q) {
        if (!Float.isFinite(q) || q < 0 || (!flashbulb && q > 1)) {
            throw new IllegalArgumentException("third factor q is " + q + "; accepted: "
                    + (flashbulb ? "a finite value >= 0 (flashbulb=true)" : "0 to 1 (larger q needs flashbulb=true)"));
        }
    }

    private void checkKey(RealVector key, String what) {
        if (key.size() != d) {
            throw new dev.engram.api.DimensionMismatchException(d, key.size(), what + " has dimension " + key.size() + "; this kv model has key dimension " + d);
        }
    }

    @Override
    public synchronized void write(RealVector key, RealVector value, float q) {
        requireNotFrozen("accept more writes");
        checkKey(key, "key");
        if (value.size() != m) {
            throw new dev.engram.api.DimensionMismatchException(m, value.size(), "value has dimension " + value.size() + "; this kv model has value dimension " + m);
        }
        checkQ(q);
        long t = step++;
        // local third factor gamma
        java.util.Arrays.fill(rates, 0f);
        if (random) {
            SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (t + 1)));
            for (int i = 0; i < n; i++) {
                if (r.nextDouble() < p) {
                    rates[i] = 1f;
                }
            }
        } else {
            rates[(int) (t % n)] = 1f;
        }
        // the global third factor q' = max(0, a q + b) (the authors' trainable i2tf; a = 1, b = 0 by default)
        if (globalScale != 1.0 || globalShift != 0.0) {
            q = (float) Math.max(0.0, globalScale * q + globalShift);
        }
        if (q == 0f) {
            return; // nothing changes (the general rule's lambda is 1 when q = 0)
        }
        float[] x = pre;
        key.copyTo(x, 0);
        float[] y = post;
        value.copyTo(y, 0);
        if (rule.general()) {
            writeGeneral(x, y, q);
        } else {
            writeSimple(x, y, q);
        }
    }

    private void writeSimple(float[] x, float[] y, float q) {
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (rates[i] == 0f) {
                continue;
            }
            float rate = q * rates[i];
            if (stable[i]) {
                rates[i] = 0f;
                continue;
            }
            if (flashbulb && rate >= threshold) {
                stable[i] = true;
            }
            rate = Math.min(rate, 1f);
            rates[i] = rate;
            // K_i <- (1 - eta) K_i + eta x
            kernels.scale(1f - rate, keys, i * d, d);
            kernels.axpy(rate, x, 0, keys, i * d, d);
            any = true;
        }
        if (!any) {
            return;
        }
        kernels.matVec(keys, 0, n, d, x, 0, hidden, 0);
        kernels.softmax(1f, hidden, 0, hidden, 0, n);
        for (int i = 0; i < n; i++) {
            float rate = rates[i];
            if (rate == 0f) {
                continue;
            }
            float keep = 1f - rate;
            float h = rate * hidden[i];
            for (int k = 0; k < m; k++) {
                int idx = k * n + i;
                values[idx] = keep * values[idx] + h * y[k];
            }
        }
    }

    private void writeGeneral(float[] x, float[] y, float q) {
        KvRule r = rule;
        // h = softmax(K x) before the write: the key rule's postsynaptic activity
        kernels.matVec(keys, 0, n, d, x, 0, hidden, 0);
        kernels.softmax(1f, hidden, 0, hidden, 0, n);
        float[] fk = keyPre;
        for (int j = 0; j < d; j++) {
            fk[j] = (float) (r.keyPreScale() * x[j] + r.keyPreShift());
        }
        for (int i = 0; i < n; i++) {
            if (rates[i] == 0f) {
                continue;
            }
            float rate = (float) Math.min(1.0, q * rates[i] * r.keyRate());
            float g = (float) (r.keyPostScale() * hidden[i] + r.keyPostShift());
            kernels.scale(1f - rate, keys, i * d, d);
            kernels.axpy(rate * g, fk, 0, keys, i * d, d);
        }
        // h' = softmax(K' x) after the key write
        kernels.matVec(keys, 0, n, d, x, 0, hidden, 0);
        kernels.softmax(1f, hidden, 0, hidden, 0, n);
        float[] fv = rates; // reuse: fV(h')
        for (int i = 0; i < n; i++) {
            fv[i] = (float) (r.valuePreScale() * hidden[i] + r.valuePreShift());
        }
        float lambda = (float) ((1 - q) + q * r.valueDecay());
        float c = (float) (q * r.valueRate());
        if (lambda != 1f) {
            kernels.scale(lambda, values, 0, m * n);
        }
        for (int k = 0; k < m; k++) {
            float g = (float) (r.valuePostScale() * y[k] + r.valuePostShift());
            kernels.axpy(c * g, fv, 0, values, k * n, n);
        }
    }

    @Override
    public RealVector read(RealVector query) {
        // until frozen, recall takes the lock that learning holds: correct while another thread learns
        if (isFrozen()) {
            return readUnlocked(query);
        }
        synchronized (this) {
            return readUnlocked(query);
        }
    }

    private RealVector readUnlocked(RealVector query) {
        checkKey(query, "query");
        float[] x = query.toArray();
        float[] h = new float[n];
        kernels.matVec(keys, 0, n, d, x, 0, h, 0);
        kernels.softmax(1f, h, 0, h, 0, n);
        float[] y = new float[m];
        kernels.matVec(values, 0, m, n, h, 0, y, 0);
        return RealVector.of(y);
    }

    @Override
    public synchronized void reset() {
        requireNotFrozen("be reset");
        SplittableRandom init = new SplittableRandom(seed);
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (float) init.nextDouble(-INIT, INIT);
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) init.nextDouble(-INIT, INIT);
        }
        java.util.Arrays.fill(stable, false);
        step = 0;
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(seed);
        out.writeInt(n);
        out.writeInt(d);
        out.writeInt(m);
        out.writeLong(step);
        for (float v : keys) {
            out.writeFloat(v);
        }
        for (float v : values) {
            out.writeFloat(v);
        }
        for (boolean s : stable) {
            out.writeBoolean(s);
        }
    }

    void readState(DataInput in) throws IOException {
        long savedSeed = in.readLong();
        int sn = in.readInt();
        int sd = in.readInt();
        int sm = in.readInt();
        if (sn != n || sd != d || sm != m) {
            throw new IOException("kv state has shape N=" + sn + ", d=" + sd + ", m=" + sm + "; the parameters give N="
                    + n + ", d=" + d + ", m=" + m);
        }
        long st = in.readLong();
        if (st < 0) {
            throw new IOException("kv state has step counter " + st + "; expected >= 0");
        }
        step = st;
        seed = savedSeed;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = finite(in.readFloat(), "key");
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = finite(in.readFloat(), "value");
        }
        for (int i = 0; i < n; i++) {
            stable[i] = in.readBoolean();
        }
    }

    private static float finite(float v, String what) throws IOException {
        if (!Float.isFinite(v)) {
            throw new IOException("kv state has a non-finite " + what + " weight: " + v);
        }
        return v;
    }
}
