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
 *
 * <p>The static methods are thread-safe. A builder is not: make and use it on one thread. What a builder makes
 * is as thread-safe as its kind says (see {@link Model#freeze()}).
 *
 * @since 0.2
 */
public final class Engram {
    private static volatile Registry defaultRegistry;

    private Engram() {
    }

    /**
     * The providers on the class path of this class ({@link Registry#load()}), loaded on first use. Later calls,
     * from any thread, return the same registry.
     *
     * @return the default registry
     */
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

    /**
     * A builder for the model named {@code name} (e.g. {@code dam}, {@code hopfield}, {@code modern}, {@code kv}).
     * The name is looked up when the builder builds, not now.
     *
     * @param name the provider's name, as {@code engram plugins} lists it; surrounding white space is ignored
     * @return a new builder
     * @throws IllegalArgumentException when {@code name} is null or blank
     */
    public static ModelBuilder memory(String name) {
        return new ModelBuilder(name);
    }

    /**
     * A builder for the strategy named {@code name} ({@code ewc}; {@code rehearsal+ewc} for a composition).
     * The name is looked up when the builder builds, not now.
     *
     * @param name the provider's name, or several joined by {@code +}; surrounding white space is ignored
     * @return a new builder
     * @throws IllegalArgumentException when {@code name} is null or blank
     */
    public static StrategyBuilder strategy(String name) {
        return new StrategyBuilder(name);
    }

    /**
     * Writes {@code model} to {@code file} atomically ({@link ModelFiles#save}): the file is either the old one or the
     * complete new one, never half written.
     *
     * @param model the model to save; it should not be learning on another thread meanwhile
     * @param file  the file to write (replaced if it exists)
     * @throws IOException when the file cannot be written
     */
    public static void save(Model model, Path file) throws IOException {
        ModelFiles.save(model, file);
    }

    /**
     * Loads a model file with the default registry ({@link ModelFiles#load}).
     *
     * @param file the file
     * @return the model, as its provider rebuilds it
     * @throws ModelFileException when the file is not a model file, is truncated or corrupt, has another format
     *         version, or holds a state its provider refuses
     * @throws IOException        when the file cannot be read
     * @throws dev.engram.api.spi.UnknownProviderException when no installed provider has the name in the file
     * @throws dev.engram.api.param.ParameterException     when the provider refuses a parameter in the file
     * @throws SizeLimitException  when the model is too large for this JVM
     */
    public static Model load(Path file) throws IOException {
        return ModelFiles.load(file, registry());
    }

    /**
     * Loads a model file and checks that the model is a {@code type}.
     *
     * @param <T>  the kind of model expected
     * @param file the file
     * @param type the kind of model expected, e.g. {@code BipolarMemory.class}
     * @return the model
     * @throws IllegalArgumentException when the file holds another kind of model
     * @throws ModelFileException       when the file is not a model file, is truncated or corrupt, has another
     *                                  format version, or holds a state its provider refuses
     * @throws IOException              when the file cannot be read
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

    /**
     * Names the parameters and, for models, the dimension and kernels of what it builds.
     *
     * @param <B> the concrete builder, returned by the setters
     */
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

        /**
         * A parameter value: a number, a boolean or text ({@code "3"} and {@code 3} are the same). It is checked against
         * the provider's parameters when the builder builds.
         *
         * @param key   the parameter's name
         * @param value its value
         * @return this builder
         * @throws NullPointerException     when {@code key} is null
         * @throws IllegalArgumentException when {@code key} was given before
         */
        public B param(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (params.put(key, value) != null) {
                throw new IllegalArgumentException("parameter '" + key + "' is given twice");
            }
            return self();
        }

        /**
         * Several parameter values, as {@link #param} one by one.
         *
         * @param values the values by parameter name
         * @return this builder
         * @throws IllegalArgumentException when a name was given before
         */
        public B params(Map<String, ?> values) {
            values.forEach(this::param);
            return self();
        }

        /**
         * The seed of all its randomness (default 1): the same seed, parameters and inputs give the same model.
         *
         * @param seed the seed
         * @return this builder
         */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * The registry to find the provider in (default: {@link Engram#registry()}).
         *
         * @param registry the registry
         * @return this builder
         * @throws NullPointerException when {@code registry} is null
         */
        public B registry(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return self();
        }

        Registry reg() {
            return registry != null ? registry : Engram.registry();
        }
    }

    /**
     * Builds a model; see {@link Engram#memory}. Not thread-safe.
     *
     * @since 0.2
     */
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

        /**
         * Number of neurons (for key-value memories: the key dimension); required.
         *
         * @param n the dimension, at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code n < 1}
         */
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
         *
         * @param kernels the kernels
         * @return this builder
         * @throws NullPointerException when {@code kernels} is null
         */
        public ModelBuilder kernels(Kernels kernels) {
            this.kernels = Objects.requireNonNull(kernels, "kernels");
            return this;
        }

        /**
         * The model, of whatever kind the provider makes. Each call makes a new model.
         *
         * @return the new model, not frozen and holding nothing yet
         * @throws IllegalArgumentException when the dimension is not set or the provider refuses it
         * @throws dev.engram.api.spi.UnknownProviderException when no installed model has the name
         * @throws dev.engram.api.param.ParameterException     when a parameter is unknown or its value is refused
         */
        public Model buildModel() {
            if (dimension == null) {
                throw new IllegalArgumentException("the dimension of the '" + name + "' model is not set; call dimension(n)");
            }
            Registry r = reg();
            ModelProvider p = r.model(name);
            Params ps = p.parseParams(params);
            return p.create(new ModelContext(dimension, ps, kernels != null ? kernels : r.kernels(), seed));
        }

        /**
         * The model as a {@code type} (e.g. {@code TrainableModel.class}, {@code KeyValueMemory.class}).
         *
         * @param <T>  the kind of model expected
         * @param type the kind of model expected
         * @return the new model
         * @throws IllegalArgumentException when the model is not a {@code type}, or as {@link #buildModel()}
         * @throws dev.engram.api.spi.UnknownProviderException when no installed model has the name
         * @throws dev.engram.api.param.ParameterException     when a parameter is unknown or its value is refused
         */
        public <T extends Model> T build(Class<T> type) {
            return as(buildModel(), type, "model '" + name + "'");
        }

        /**
         * The model as a bipolar memory (hopfield, dam, modern, and plugins of that kind).
         *
         * @return the new model
         * @throws IllegalArgumentException when the model is not a {@link BipolarMemory}, or as {@link #buildModel()}
         * @throws dev.engram.api.spi.UnknownProviderException when no installed model has the name
         * @throws dev.engram.api.param.ParameterException     when a parameter is unknown or its value is refused
         */
        public BipolarMemory build() {
            return build(BipolarMemory.class);
        }
    }

    /**
     * Builds a strategy; see {@link Engram#strategy}. Not thread-safe.
     *
     * @since 0.2
     */
    public static final class StrategyBuilder extends Builder<StrategyBuilder> {
        StrategyBuilder(String name) {
            super(name);
        }

        @Override
        StrategyBuilder self() {
            return this;
        }

        /**
         * The strategy. Each call makes a new one.
         *
         * @return the new strategy
         * @throws dev.engram.api.spi.UnknownProviderException when no installed strategy has the name (or a part's name)
         * @throws IllegalArgumentException when a parameter is unknown or refused ({@link dev.engram.api.param.ParameterException}),
         *         or the parts of a composition cannot be composed
         */
        public Strategy build() {
            StrategyProvider p = reg().strategy(name);
            return p.create(new StrategyContext(p.parseParams(params), seed));
        }
    }
}
