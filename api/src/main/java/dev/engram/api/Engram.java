package dev.engram.api;

import dev.engram.api.kernel.Kernels;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.Params;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.Registry;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The front door for embedding Engram: make a memory or a strategy by name, save and load model files.
 * <pre>{@code
 * BipolarMemory m = Engram.memory("dam").dimension(784).param("n", 3).seed(42).build();
 * Strategy s = Engram.strategy("rehearsal+ewc").param("lambda", 1e6).build();
 * Engram.save(m, Path.of("m.engram"));
 * BipolarMemory back = Engram.load(Path.of("m.engram"), BipolarMemory.class);
 * }</pre>
 * Names and parameters are those {@code engram plugins} lists; they are validated when {@code build()} is
 * called, and a bad one is an {@link IllegalArgumentException} naming it and what is accepted. Unless a
 * {@link Registry} is given, the providers on the class path are used ({@link #registry()}, loaded once).
 */
public final class Engram {
    private static volatile Registry defaultRegistry;

    private Engram() {
    }

    /** The providers on the class path of this class ({@link Registry#load()}), loaded on first use. */
    public static Registry registry() {
        Registry r = defaultRegistry;
        if (r == null) {
            synchronized (Engram.class) {
                r = defaultRegistry;
                if (r == null) {
                    r = Registry.load();
                    defaultRegistry = r;
                }
            }
        }
        return r;
    }

    /** A builder for the model named {@code name} (e.g. {@code dam}, {@code hopfield}, {@code modern}, {@code kv}). */
    public static ModelBuilder memory(String name) {
        return new ModelBuilder(name);
    }

    /** A builder for the strategy named {@code name} ({@code ewc}; {@code rehearsal+ewc} for a composition). */
    public static StrategyBuilder strategy(String name) {
        return new StrategyBuilder(name);
    }

    /** Writes {@code model} to {@code file} atomically ({@link ModelFiles#save}). */
    public static void save(Model model, Path file) throws IOException {
        ModelFiles.save(model, file);
    }

    /** Loads a model file with the default registry ({@link ModelFiles#load}). */
    public static Model load(Path file) throws IOException {
        return ModelFiles.load(file, registry());
    }

    /**
     * Loads a model file and checks that the model is a {@code type}.
     *
     * @throws IllegalArgumentException when the file holds another kind of model
     */
    public static <T extends Model> T load(Path file, Class<T> type) throws IOException {
        return as(load(file), type, "model file '" + file + "'");
    }

    private static <T extends Model> T as(Model m, Class<T> type, String what) {
        if (!type.isInstance(m)) {
            throw new IllegalArgumentException(what + " holds a '" + m.providerName() + "' model ("
                    + m.getClass().getSimpleName() + "), which is not a " + type.getSimpleName());
        }
        return type.cast(m);
    }

    /** Names the parameters and, for models, the dimension and kernels of what it builds. */
    private abstract static class Builder<B extends Builder<B>> {
        final String name;
        final Map<String, Object> params = new LinkedHashMap<>();
        long seed = 1;
        Registry registry;

        Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a name is required ('engram plugins' lists them)");
            }
            this.name = name.trim();
        }

        abstract B self();

        /** A parameter value: a number, a boolean or text ({@code "3"} and {@code 3} are the same). */
        public B param(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (params.put(key, value) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' is given twice");
            }
            return self();
        }

        /** Several parameter values. */
        public B params(Map<String, ?> values) {
            values.forEach(this::param);
            return self();
        }

        /** The seed of all its randomness (default 1). */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /** The registry to find the provider in (default: {@link Engram#registry()}). */
        public B registry(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return self();
        }

        Registry reg() {
            return registry != null ? registry : Engram.registry();
        }
    }

    /** Builds a model; see {@link Engram#memory}. */
    public static final class ModelBuilder extends Builder<ModelBuilder> {
        private Integer dimension;
        private Kernels kernels;

        ModelBuilder(String name) {
            super(name);
        }

        @Override
        ModelBuilder self() {
            return this;
        }

        /** Number of neurons (for key-value memories: the key dimension); required. */
        public ModelBuilder dimension(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("dimension is " + n + "; accepted: an integer >= 1");
            }
            this.dimension = n;
            return this;
        }

        /**
         * Compute with {@code kernels} instead of the registry's selected ones (benchmarks that compare the
         * scalar and SIMD backends do this; a service never needs to).
         */
        public ModelBuilder kernels(Kernels kernels) {
            this.kernels = Objects.requireNonNull(kernels, "kernels");
            return this;
        }

        /** The model, of whatever kind the provider makes. */
        public Model buildModel() {
            if (dimension == null) {
                throw new IllegalArgumentException("the dimension of the '" + name + "' model is not set; call dimension(n)");
            }
            Registry r = reg();
            ModelProvider p = r.model(name);
            Params ps = p.parseParams(params);
            return p.create(new ModelContext(dimension, ps, kernels != null ? kernels : r.kernels(), seed));
        }

        /** The model as a {@code type} (e.g. {@code TrainableModel.class}, {@code KeyValueMemory.class}). */
        public <T extends Model> T build(Class<T> type) {
            return as(buildModel(), type, "model '" + name + "'");
        }

        /**
         * The model as a bipolar memory (hopfield, dam, modern, and plugins of that kind).
         *
         * @throws IllegalArgumentException when the model is not a {@link BipolarMemory}
         */
        public BipolarMemory build() {
            return build(BipolarMemory.class);
        }
    }

    /** Builds a strategy; see {@link Engram#strategy}. */
    public static final class StrategyBuilder extends Builder<StrategyBuilder> {
        StrategyBuilder(String name) {
            super(name);
        }

        @Override
        StrategyBuilder self() {
            return this;
        }

        /** The strategy. */
        public Strategy build() {
            StrategyProvider p = reg().strategy(name);
            return p.create(new StrategyContext(p.parseParams(params), seed));
        }
    }
}
