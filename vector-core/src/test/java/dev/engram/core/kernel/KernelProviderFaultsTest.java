package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.kernel.Kernels;
import dev.engram.api.spi.KernelProvider;
import dev.engram.api.spi.LoadProblem;
import dev.engram.api.spi.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel provider plugins that throw, return null, or compute wrong results are reported and passed over; the
 * built-in kernels are used instead, and nothing crashes.
 */
class KernelProviderFaultsTest {

    /** Base of the faulty providers: a priority above the built-in's, so each would win if it worked. */
    public abstract static class Faulty implements KernelProvider {
        @Override
        public int priority() {
            return 100;
        }

        @Override
        public String describe() {
            return name() + " kernels";
        }
    }

    /** kernels() throws. */
    public static final class Throwing extends Faulty {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public Kernels kernels() {
            throw new NullPointerException("a bug in the plugin");
        }
    }

    /** kernels() returns null. */
    public static final class Null extends Faulty {
        @Override
        public String name() {
            return "null-kernels";
        }

        @Override
        public Kernels kernels() {
            return null;
        }
    }

    /** The scalar kernels with one operation wrong. */
    static Kernels wrongAt(String method, Object result) {
        return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        return result;
                    }
                    try {
                        return m.invoke(ScalarKernels.INSTANCE, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The dot product is off. */
    public static final class WrongDot extends Faulty {
        private final Kernels k = wrongAt("dot", 42f);

        @Override
        public String name() {
            return "wrong-dot";
        }

        @Override
        public Kernels kernels() {
            return k;
        }
    }

    /** signToBits writes nothing (an off-by-one in the bit kernels, say). */
    public static final class WrongBits extends Faulty {
        private final Kernels k = wrongAt("signToBits", null);

        @Override
        public String name() {
            return "wrong-bits";
        }

        @Override
        public Kernels kernels() {
            return k;
        }
    }

    /** Its kernels' name() is null. */
    public static final class NamelessKernels extends Faulty {
        private final Kernels k = wrongAt("name", null);

        @Override
        public String name() {
            return "nameless";
        }

        @Override
        public Kernels kernels() {
            return k;
        }
    }

    /** The provider's name() is null. */
    public static final class NullName extends Faulty {
        @Override
        public String name() {
            return null;
        }

        @Override
        public Kernels kernels() {
            return ScalarKernels.INSTANCE;
        }
    }

    /** describe() throws (read once, at the check). */
    public static final class ThrowingDescribe extends Faulty {
        @Override
        public String name() {
            return "throwing-describe";
        }

        @Override
        public Kernels kernels() {
            return ScalarKernels.INSTANCE;
        }

        @Override
        public String describe() {
            throw new IllegalStateException("no description today");
        }
    }

    /** The constructor throws (a ServiceConfigurationError at load). */
    public static final class ThrowingConstructor extends Faulty {
        public ThrowingConstructor() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public String name() {
            return "throwing-constructor";
        }

        @Override
        public Kernels kernels() {
            return ScalarKernels.INSTANCE;
        }
    }

    private static Path jar(Path dir, Class<?>... providers) throws IOException {
        Path jar = dir.resolve("kernels.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os)) {
            jos.putNextEntry(new JarEntry("META-INF/services/" + KernelProvider.class.getName()));
            for (Class<?> c : providers) {
                jos.write((c.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            jos.closeEntry();
        }
        return jar;
    }

    private static LoadProblem problemOf(Registry r, Class<?> provider) {
        return r.problems().stream().filter(p -> provider.getName().equals(p.className())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for " + provider.getSimpleName() + ": " + r.problems()));
    }

    @Test
    void faultyKernelProvidersAreReportedAndTheBuiltInKernelsAreUsed(@TempDir Path dir) throws IOException {
        Path jar = jar(dir, Throwing.class, Null.class, WrongDot.class, WrongBits.class, NamelessKernels.class,
                NullName.class, ThrowingDescribe.class, ThrowingConstructor.class);
        Registry r = Registry.load(List.of(dir));
        KernelProvider used = r.kernelProvider();
        assertEquals("vector-core", used.name());
        assertSame(KernelSelector.selected().kernels(), r.kernels(), "the built-in selection");
        assertEquals(KernelSelector.selected().description(), used.describe());
        assertEquals(jar + ": " + Throwing.class.getName() + ": kernel provider 'throwing' not used: kernels() threw "
                + "java.lang.NullPointerException: a bug in the plugin", problemOf(r, Throwing.class).toString());
        assertEquals("kernel provider 'null-kernels' not used: kernels() returned null", problemOf(r, Null.class).cause());
        assertTrue(problemOf(r, WrongDot.class).cause().matches(
                "kernel provider 'wrong-dot' not used: dot of 131 floats gave 42\\.0+, expected -?[0-9.]+"),
                problemOf(r, WrongDot.class).cause());
        assertTrue(problemOf(r, WrongBits.class).cause().startsWith(
                "kernel provider 'wrong-bits' not used: signToBits of 131 floats gave word 0 = 0, expected "),
                problemOf(r, WrongBits.class).cause());
        assertEquals("kernel provider 'nameless' not used: its kernels' name() is null; accepted: a short word of "
                + "printable characters, e.g. scalar", problemOf(r, NamelessKernels.class).cause());
        assertTrue(problemOf(r, NullName.class).cause().startsWith("kernel provider not used: name() is null"),
                problemOf(r, NullName.class).cause());
        assertEquals("kernel provider 'throwing-describe' not used: describe() threw java.lang.IllegalStateException: "
                + "no description today", problemOf(r, ThrowingDescribe.class).cause());
        assertTrue(problemOf(r, ThrowingConstructor.class).cause().contains("cannot start"),
                problemOf(r, ThrowingConstructor.class).cause());
        assertEquals(7, r.kernelProblems().size(), "the constructor's failure is a load problem: " + r.kernelProblems());
        assertEquals(8, r.problems().size(), r.problems().toString());
        // what the check read is what the registry says from now on
        assertEquals(used.describe(), r.kernelProvider().describe());
        assertSame(used, r.kernelProvider());
    }

    @Test
    void aWorkingPluginWithAHigherPriorityWins(@TempDir Path dir) throws IOException {
        jar(dir, Good.class);
        Registry r = Registry.load(List.of(dir));
        assertEquals("good", r.kernelProvider().name());
        assertEquals(List.of(), r.kernelProblems());
        assertEquals("scalar", r.kernels().name());
    }

    /** A plugin that works: the scalar kernels under another provider name. */
    public static final class Good extends Faulty {
        @Override
        public String name() {
            return "good";
        }

        @Override
        public Kernels kernels() {
            return ScalarKernels.INSTANCE;
        }
    }

    @Test
    void theBuiltInKernelsPassTheCheck() {
        Registry r = Registry.load();
        assertEquals("vector-core", r.kernelProvider().name());
        assertEquals(List.of(), r.kernelProblems());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void whenNoProviderWorksTheErrorSaysWhy(@TempDir Path dir) throws IOException {
        // a registry of the plugin alone: the built-ins come from an empty class loader
        jar(dir, WrongDot.class);
        ClassLoader none = new ClassLoader(null) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                return KernelProviderFaultsTest.class.getClassLoader().loadClass(name);
            }

            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) {
                return java.util.Collections.emptyEnumeration();
            }
        };
        Registry r = Registry.load(none, List.of(dir));
        IllegalStateException e = assertThrows(IllegalStateException.class, r::kernels);
        assertTrue(e.getMessage().startsWith("no kernel provider works: ") && e.getMessage().contains("dot of 131 floats"),
                e.getMessage());
    }
}
