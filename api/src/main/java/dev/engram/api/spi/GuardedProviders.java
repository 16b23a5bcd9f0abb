package dev.engram.api.spi;

import dev.engram.api.Model;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import java.io.DataInput;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wrappers around the providers of plugin jars: name, description and parameters are read once (when the jar
 * is loaded, where a failure becomes a {@link LoadProblem}); {@code create} and {@code read} that return null or
 * throw become a {@link PluginException} naming the provider, its class and its jar.
 */
final class GuardedProviders {
    private GuardedProviders() {
    }

    /** What a provider says about itself, read once. */
    record About(String name, String description, List<ParamSpec> parameters, String className, String source) {
        PluginException failure(String kind, String method, Throwable cause) {
            String why = cause == null ? "returned null" : "threw " + cause.getClass().getName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new PluginException("plugin " + kind + " '" + name + "' (" + className + " in " + source + ") "
                    + method + " " + why, cause);
        }
    }

    /**
     * Reads name, description and parameters once; a method that throws or returns null (or a parameter list
     * with a null in it, or defaults that do not parse) is the cause of the returned problem.
     *
     * @return the provider's self-description, or the problem (exactly one is non-null)
     */
    static Object about(Provider p, String source) {
        String cls = p.getClass().getName();
        String[] method = {"name()"};
        try {
            String name = p.name();
            if (name == null) {
                return new LoadProblem(source, cls, "name() returned null");
            }
            method[0] = "description()";
            String description = p.description();
            if (description == null) {
                return new LoadProblem(source, cls, "description() returned null");
            }
            method[0] = "parameters()";
            List<ParamSpec> ps = p.parameters();
            if (ps == null) {
                return new LoadProblem(source, cls, "parameters() returned null");
            }
            for (int i = 0; i < ps.size(); i++) {
                if (ps.get(i) == null) {
                    return new LoadProblem(source, cls, "parameters() lists null (entry " + (i + 1) + ")");
                }
            }
            List<ParamSpec> copy = List.copyOf(ps);
            method[0] = "parseParams() with the declared defaults";
            p.parseParams(java.util.Map.of());
            return new About(name, description, copy, cls, source);
        } catch (RuntimeException | LinkageError e) {
            return new LoadProblem(source, cls, method[0] + " threw " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static <T> T guard(About a, String kind, String method, Supplier<T> call) {
        T t;
        try {
            t = call.get();
        } catch (IllegalArgumentException | PluginException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw a.failure(kind, method, e);
        }
        if (t == null) {
            throw a.failure(kind, method, null);
        }
        return t;
    }

    /**
     * What both wrappers share: the plugin's provider, what it said about itself, and that answer (read once)
     * for its name, description and parameters.
     */
    abstract static class Guarded<P> {
        final P delegate;
        final About about;

        Guarded(P delegate, About about) {
            this.delegate = delegate;
            this.about = about;
        }

        public String name() {
            return about.name();
        }

        public String description() {
            return about.description();
        }

        public List<ParamSpec> parameters() {
            return about.parameters();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    static final class Models extends Guarded<ModelProvider> implements ModelProvider {
        Models(ModelProvider delegate, About about) {
            super(delegate, about);
        }

        @Override
        public Model create(ModelContext context) {
            return guard(about, "model", "create()", () -> delegate.create(context));
        }

        @Override
        public Model read(ModelContext context, DataInput in) throws IOException {
            Model m;
            try {
                m = delegate.read(context, in);
            } catch (IOException | IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException | LinkageError e) {
                throw about.failure("model", "read()", e);
            }
            if (m == null) {
                throw about.failure("model", "read()", null);
            }
            return m;
        }

        @Override
        public long minimumStateBytes(ModelContext context) {
            return guard(about, "model", "minimumStateBytes()", () -> delegate.minimumStateBytes(context));
        }
    }

    static final class Strategies extends Guarded<StrategyProvider> implements StrategyProvider {
        Strategies(StrategyProvider delegate, About about) {
            super(delegate, about);
        }

        @Override
        public Strategy create(StrategyContext context) {
            return guard(about, "strategy", "create()", () -> delegate.create(context));
        }
    }
}
