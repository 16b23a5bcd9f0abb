package dev.engram.api.testplugins;

import dev.engram.api.Model;
import dev.engram.api.learn.Strategy;
import dev.engram.api.param.ParamSpec;
import dev.engram.api.spi.ModelContext;
import dev.engram.api.spi.ModelProvider;
import dev.engram.api.spi.StrategyContext;
import dev.engram.api.spi.StrategyProvider;
import java.io.DataInput;
import java.util.List;

/** Test-only providers for registry tests (listed in src/test/resources/META-INF/services). */
public final class TestProviders {
    private TestProviders() {
    }

    /** Base for named test model providers that make no models. */
    public abstract static class Named implements ModelProvider {
        private final String name;

        protected Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test model " + name;
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of(ParamSpec.ofInt("n", 3, 1, 10, "a test parameter"));
        }

        @Override
        public Model create(ModelContext context) {
            throw new UnsupportedOperationException("test provider");
        }

        @Override
        public Model read(ModelContext context, DataInput in) {
            throw new UnsupportedOperationException("test provider");
        }
    }

    public static final class Zeta extends Named {
        public Zeta() {
            super("zeta");
        }
    }

    public static final class Alpha extends Named {
        public Alpha() {
            super("alpha");
        }
    }

    public static final class DupOne extends Named {
        public DupOne() {
            super("dup");
        }
    }

    public static final class DupTwo extends Named {
        public DupTwo() {
            super("dup");
        }
    }

    /** Only listed in the service file of a jar the test builds. */
    public static final class Gamma extends Named {
        public Gamma() {
            super("gamma");
        }
    }

    /** Only in a jar the test builds: parameters() returns null. */
    public static final class NullParameters extends Named {
        public NullParameters() {
            super("null-parameters");
        }

        @Override
        public List<ParamSpec> parameters() {
            return null;
        }
    }

    /** Only in a jar the test builds: name() throws. */
    public static final class ThrowingName extends Named {
        public ThrowingName() {
            super("unused");
        }

        @Override
        public String name() {
            throw new IllegalStateException("no name today");
        }
    }

    /** Only in a jar the test builds: description() returns null. */
    public static final class NullDescription extends Named {
        public NullDescription() {
            super("null-description");
        }

        @Override
        public String description() {
            return null;
        }
    }

    /** Only in a jar the test builds: create() returns null. */
    public static final class NullCreate extends Named {
        public NullCreate() {
            super("null-create");
        }

        @Override
        public Model create(ModelContext context) {
            return null;
        }
    }

    /** Only in a jar the test builds: create() throws a NullPointerException, read() returns null. */
    public static final class ThrowingCreate extends Named {
        public ThrowingCreate() {
            super("throwing-create");
        }

        @Override
        public Model create(ModelContext context) {
            throw new NullPointerException("a bug in the plugin");
        }

        @Override
        public Model read(ModelContext context, DataInput in) {
            return null;
        }
    }

    /** Only in a jar the test builds: a strategy whose create() returns null. */
    public static final class NullStrategy implements StrategyProvider {
        @Override
        public String name() {
            return "null-strategy";
        }

        @Override
        public String description() {
            return "test strategy that makes nothing";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of();
        }

        @Override
        public Strategy create(StrategyContext context) {
            return null;
        }
    }

    public static final class Broken extends Named {
        public Broken() {
            super("broken");
            throw new IllegalStateException("this provider always fails to construct");
        }
    }

    public static final class Beta implements StrategyProvider {
        @Override
        public String name() {
            return "beta";
        }

        @Override
        public String description() {
            return "test strategy";
        }

        @Override
        public List<ParamSpec> parameters() {
            return List.of();
        }

        @Override
        public Strategy create(StrategyContext context) {
            return () -> "beta";
        }
    }
}
