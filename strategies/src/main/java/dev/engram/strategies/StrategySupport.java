package dev.engram.strategies;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.NeuronMask;
import dev.engram.api.learn.Item;
import dev.engram.api.learn.TrainableModel;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Shared helpers of the built-in strategies: compatibility checks, sampling, state serialisation. */
final class StrategySupport {
    private StrategySupport() {
    }

    /**
     * The model as a {@link TrainableModel}, or a clear refusal naming the model and what the strategy needs.
     */
    static TrainableModel requireTrainable(Model model, String strategy, String needs) {
        if (model instanceof TrainableModel t) {
            return t;
        }
        throw new IllegalArgumentException("strategy '" + strategy + "' cannot work with model '" + model.providerName()
                + "': it needs " + needs + ", which only a model trained by gradient (a TrainableModel: flat "
                + "parameters, loss gradients, an optimiser step) provides; model '" + model.providerName()
                + "' stores patterns without gradients (for such models use naive, rehearsal or pseudorehearsal)");
    }

    /** The model as a {@link BipolarMemory}, or a clear refusal. */
    static BipolarMemory requireBipolar(Model model, String strategy, String needs) {
        if (model instanceof BipolarMemory m) {
            return m;
        }
        throw new IllegalArgumentException("strategy '" + strategy + "' cannot work with model '" + model.providerName()
                + "': it needs " + needs + ", which only a bipolar associative memory (BipolarMemory: recall of "
                + "±1 states) provides");
    }

    /**
     * {@code k} distinct elements of {@code from} drawn uniformly without replacement (all of them, in random
     * order, when {@code k >= from.size()}).
     */
    static <T> List<T> sample(List<T> from, int k, RandomGenerator rng) {
        int n = from.size();
        int m = Math.min(k, n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        List<T> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            out.add(from.get(idx[i]));
        }
        return out;
    }

    /** How many replayed items go with a batch of {@code batchSize}: {@code count} if positive, else the fraction. */
    static int replayCount(int count, double fraction, int batchSize) {
        if (count > 0) {
            return count;
        }
        if (fraction <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.round(fraction * batchSize));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    // ---- state serialisation -------------------------------------------------------------------------

    /** Writes the strategy's name and a format version, read back by {@link #readHeader}. */
    static void writeHeader(DataOutput out, String strategy, int version) throws IOException {
        out.writeUTF("engram-strategy:" + strategy);
        out.writeInt(version);
    }

    static void readHeader(DataInput in, String strategy, int version) throws IOException {
        String tag = in.readUTF();
        if (!tag.equals("engram-strategy:" + strategy)) {
            throw new IOException("strategy state is tagged '" + tag + "'; strategy '" + strategy
                    + "' expects 'engram-strategy:" + strategy + "'");
        }
        int v = in.readInt();
        if (v != version) {
            throw new IOException("strategy '" + strategy + "' state has format version " + v + "; this build reads "
                    + version);
        }
    }

    static void writeFloats(DataOutput out, float[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (float f : a) {
                out.writeFloat(f);
            }
        }
    }

    static float[] readFloats(DataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > 1 << 28) {
            throw new IOException(what + ": length " + n + " is not a valid array length");
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
            if (!Float.isFinite(a[i])) {
                throw new IOException(what + "[" + i + "] is " + a[i] + "; finite values expected");
            }
        }
        return a;
    }

    static void writeItems(DataOutput out, List<Item> items) throws IOException {
        out.writeInt(items.size());
        for (Item it : items) {
            BipolarPattern s = it.state();
            out.writeInt(s.size());
            for (long w : s.words()) {
                out.writeLong(w);
            }
            if (it.trained() == null) {
                out.writeInt(-1);
            } else {
                int[] idx = it.trained().indices();
                out.writeInt(idx.length);
                for (int i : idx) {
                    out.writeInt(i);
                }
            }
        }
    }

    static List<Item> readItems(DataInput in, String what) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1 << 24) {
            throw new IOException(what + ": item count " + count + " is not valid");
        }
        List<Item> items = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int n = in.readInt();
            if (n <= 0 || n > 1 << 26) {
                throw new IOException(what + ": item " + k + " has dimension " + n);
            }
            long[] w = new long[BipolarPattern.wordsFor(n)];
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readLong();
            }
            int m = in.readInt();
            if (m < -1 || m > n) {
                throw new IOException(what + ": item " + k + " has a mask of " + m + " neurons for dimension " + n);
            }
            try {
                BipolarPattern state = BipolarPattern.fromWords(w, n);
                NeuronMask mask = null;
                if (m >= 0) {
                    int[] idx = new int[m];
                    for (int i = 0; i < m; i++) {
                        idx[i] = in.readInt();
                    }
                    mask = NeuronMask.of(n, idx);
                }
                items.add(new Item(state, mask));
            } catch (IllegalArgumentException e) {
                throw new IOException(what + ": item " + k + " is malformed: " + e.getMessage(), e);
            }
        }
        return items;
    }
}
