package dev.engram.bench.peers;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.Model;
import dev.engram.api.RealMemory;
import dev.engram.api.RealVector;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One side-by-side workload, written as a spec string that the Java and the NumPy side both parse:
 * {@code model:N=1024:K=1000:P=32:flip=0.1:seed=1:name=value...}.
 *
 * <ul>
 *   <li>{@code model}: {@code hopfield}, {@code dam} or {@code modern} (the registry name);</li>
 *   <li>{@code N} neurons, {@code K} stored random ±1 patterns, {@code P} probes (probe j comes from pattern
 *       {@code j % K});</li>
 *   <li>{@code flip}: the fraction of components flipped in a bipolar probe (exactly {@code round(flip N)},
 *       chosen uniformly), or for {@code modern} the fraction set to 0 (unknown);</li>
 *   <li>{@code seed}: patterns come from {@code SplittableRandom(seed)}, probes from
 *       {@code SplittableRandom(seed + 1)}, the model gets {@code seed};</li>
 *   <li>{@code patterns} ({@code modern} only): {@code bipolar} (the default: random ±1 patterns) or
 *       {@code gaussian} (components drawn from N(0, 1) with {@code SplittableRandom(seed).nextGaussian()}, so the
 *       model keeps them as floats; probes: the pattern with a fraction {@code flip} set to 0, as for ±1);</li>
 *   <li>every other {@code name=value} is a parameter of the model (e.g. {@code recall=async}, {@code n=3}).</li>
 * </ul>
 * The patterns and probes are written to {@code .npy} files by {@link PeerData}, so the NumPy side reads the very
 * same numbers instead of regenerating them.
 */
public record Workload(String spec, String model, int n, int k, int p, double flip, long seed,
                       Map<String, String> params, boolean gaussian) {

    /** Parses a spec string; unknown model parameters are caught when the model is made. */
    public static Workload parse(String spec) {
        String[] parts = spec.split(":");
        String model = parts[0];
        if (!List.of("hopfield", "dam", "modern").contains(model)) {
            throw new IllegalArgumentException("workload '" + spec + "': model is '" + model
                    + "'; accepted: hopfield, dam, modern");
        }
        int n = 0;
        int k = 0;
        int p = 16;
        double flip = 0.1;
        long seed = 1;
        boolean gaussian = false;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("workload '" + spec + "': '" + parts[i] + "' is not name=value");
            }
            String key = parts[i].substring(0, eq);
            String value = parts[i].substring(eq + 1);
            try {
                switch (key) {
                    case "N" -> n = Integer.parseInt(value);
                    case "K" -> k = Integer.parseInt(value);
                    case "P" -> p = Integer.parseInt(value);
                    case "flip" -> flip = Double.parseDouble(value);
                    case "seed" -> seed = Long.parseLong(value);
                    case "patterns" -> {
                        if (!model.equals("modern") || !List.of("bipolar", "gaussian").contains(value)) {
                            throw new IllegalArgumentException("workload '" + spec + "': patterns is '" + value
                                    + "'; accepted: bipolar, or gaussian for modern");
                        }
                        gaussian = value.equals("gaussian");
                    }
                    default -> params.put(key, value);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("workload '" + spec + "': " + key + " is '" + value
                        + "'; expected a number");
            }
        }
        if (n < 1 || k < 1 || p < 1) {
            throw new IllegalArgumentException("workload '" + spec + "': N, K and P must each be at least 1 (got N="
                    + n + ", K=" + k + ", P=" + p + ")");
        }
        if (!(flip >= 0 && flip <= 1)) {
            throw new IllegalArgumentException("workload '" + spec + "': flip is " + flip + "; accepted: 0 to 1");
        }
        return new Workload(spec, model, n, k, p, flip, seed, Map.copyOf(params), gaussian);
    }

    /** The K stored patterns. */
    public List<BipolarPattern> patterns() {
        SplittableRandom r = new SplittableRandom(seed);
        List<BipolarPattern> list = new ArrayList<>(k);
        for (int mu = 0; mu < k; mu++) {
            list.add(BipolarPattern.random(n, r));
        }
        return list;
    }

    /** The P bipolar probes: pattern {@code j % K} with exactly {@code round(flip N)} components flipped. */
    public List<BipolarPattern> probes(List<BipolarPattern> patterns) {
        SplittableRandom r = new SplittableRandom(seed + 1);
        int flips = (int) Math.round(flip * n);
        List<BipolarPattern> list = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            list.add(patterns.get(j % k).flipRandom(flips, r));
        }
        return list;
    }

    /** The P real probes of {@code modern}: pattern {@code j % K} with a fraction {@code flip} set to 0. */
    public List<RealVector> maskedProbes(List<BipolarPattern> patterns) {
        SplittableRandom r = new SplittableRandom(seed + 1);
        List<RealVector> list = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            list.add(RealVector.masked(patterns.get(j % k), flip, r));
        }
        return list;
    }

    /**
     * The K stored patterns of {@code modern} as real vectors: {@link #patterns()} as ±1 floats, or (with
     * {@code patterns=gaussian}) N(0, 1) components from {@code SplittableRandom(seed)}, pattern after pattern.
     */
    public List<RealVector> realPatterns() {
        if (!gaussian) {
            return patterns().stream().map(BipolarPattern::toRealVector).toList();
        }
        SplittableRandom r = new SplittableRandom(seed);
        List<RealVector> list = new ArrayList<>(k);
        for (int mu = 0; mu < k; mu++) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) r.nextGaussian();
            }
            list.add(RealVector.of(v));
        }
        return list;
    }

    /**
     * The P probes of {@code modern}: pattern {@code j % K} with exactly {@code round(flip N)} components set to 0
     * (the same draws as {@link RealVector#masked}); for ±1 patterns, {@link #maskedProbes}.
     */
    public List<RealVector> realProbes(List<RealVector> patterns) {
        if (!gaussian) {
            return maskedProbes(patterns());
        }
        SplittableRandom r = new SplittableRandom(seed + 1);
        int count = (int) Math.round(flip * n);
        List<RealVector> list = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            float[] v = patterns.get(j % k).toArray();
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            for (int c = 0; c < count; c++) {
                int q = c + r.nextInt(n - c);
                int t = idx[c];
                idx[c] = idx[q];
                idx[q] = t;
                v[idx[c]] = 0f;
            }
            list.add(RealVector.of(v));
        }
        return list;
    }

    /** The {@code modern} model with {@code patterns} stored and frozen. */
    public RealMemory realMemoryOf(Registry registry, List<RealVector> patterns) {
        if (!(newModel(registry) instanceof RealMemory m)) {
            throw new IllegalArgumentException("workload '" + spec + "': model " + model + " is not a real memory");
        }
        patterns.forEach(m::store);
        m.freeze();
        return m;
    }

    /** A new, empty Engram model of this workload, made through the registry. */
    public Model newModel(Registry registry) {
        ModelProvider provider = registry.model(model);
        Params parsed = provider.parseParams(params);
        return provider.create(new ModelContext(n, parsed, registry.kernels(), seed));
    }

    /** The model with every pattern stored and frozen. */
    public BipolarMemory bipolarMemory(Registry registry, List<BipolarPattern> patterns) {
        if (!(newModel(registry) instanceof BipolarMemory m)) {
            throw new IllegalArgumentException("workload '" + spec + "': model " + model + " is not a bipolar memory");
        }
        m.storeAll(patterns);
        m.freeze();
        return m;
    }

    /** The {@code modern} model with every pattern stored (as ±1 floats) and frozen. */
    public RealMemory realMemory(Registry registry, List<BipolarPattern> patterns) {
        if (!(newModel(registry) instanceof RealMemory m)) {
            throw new IllegalArgumentException("workload '" + spec + "': model " + model + " is not a real memory");
        }
        for (BipolarPattern pat : patterns) {
            m.store(pat.toRealVector());
        }
        m.freeze();
        return m;
    }

    /** A short file-system-safe name. */
    public String slug() {
        return spec.replace(':', '_').replace('=', '-').toLowerCase(Locale.ROOT);
    }
}
