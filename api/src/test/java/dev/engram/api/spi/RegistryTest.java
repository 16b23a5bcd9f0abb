package dev.engram.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.testplugins.TestProviders;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTest {

    private static LoadProblem problemMentioning(Registry r, String text) {
        return r.problems().stream().filter(p -> p.toString().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem mentions '" + text + "' in " + r.problems()));
    }

    @Test
    void providersAreOrderedByNameAndTheGoodOnesSurviveTheBadOnes() {
        Registry r = Registry.load();
        assertEquals(List.of("alpha", "dup", "zeta"), r.models().stream().map(Provider::name).toList());
        assertEquals(List.of("beta"), r.strategies().stream().map(Provider::name).toList());
        assertEquals("alpha", r.model("alpha").name());
        assertEquals("beta", r.strategy("beta").name());
    }

    @Test
    void aSecondProviderWithATakenNameIsRefusedNamingBothClasses() {
        Registry r = Registry.load();
        LoadProblem p = problemMentioning(r, "named 'dup'");
        assertTrue(p.cause().contains(TestProviders.DupOne.class.getName()), p.cause());
        assertTrue(p.cause().contains(TestProviders.DupTwo.class.getName()), p.cause());
        assertEquals(TestProviders.DupOne.class, r.model("dup").getClass());
    }

    @Test
    void aProviderThatThrowsOrDoesNotExistIsReportedWithClassAndCause() {
        Registry r = Registry.load();
        LoadProblem broken = problemMentioning(r, "Broken");
        assertEquals(TestProviders.Broken.class.getName(), broken.className());
        assertTrue(broken.cause().contains("always fails to construct"), broken.cause());
        LoadProblem missing = problemMentioning(r, "NoSuchProvider");
        assertEquals("dev.engram.api.testplugins.NoSuchProvider", missing.className());
        assertEquals("classpath", missing.source());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        Registry r = Registry.load();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.model("hopfeld"));
        assertEquals("unknown model 'hopfeld'; known models: alpha, dup, zeta", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.strategy("ewc"));
        assertEquals("unknown strategy 'ewc'; known strategies: beta", e.getMessage());
    }

    @Test
    void noKernelProviderIsAClearError() {
        Registry r = Registry.load();
        IllegalStateException e = assertThrows(IllegalStateException.class, r::kernels);
        assertTrue(e.getMessage().contains("engram-vector-core"), e.getMessage());
    }

    private static Path jarWithServices(Path dir, String name, String modelServices) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os)) {
            jos.putNextEntry(new JarEntry("META-INF/services/" + ModelProvider.class.getName()));
            jos.write(modelServices.getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        return jar;
    }

    @Test
    void pluginJarsAddProvidersAndTheirProblemsNameTheJar(@TempDir Path dir) throws IOException {
        Path good = jarWithServices(dir, "a-good.jar", TestProviders.Gamma.class.getName() + "\n");
        Path bad = jarWithServices(dir, "b-bad.jar",
                "com.example.DoesNotExist\n" + TestProviders.Broken.class.getName() + "\n");
        Registry r = Registry.load(List.of(dir));
        assertEquals(List.of("alpha", "dup", "gamma", "zeta"), r.models().stream().map(Provider::name).toList());
        Registry.Entry<ModelProvider> gamma = r.modelEntries().stream()
                .filter(e -> e.provider().name().equals("gamma")).findFirst().orElseThrow();
        assertEquals(good.toString(), gamma.source());
        LoadProblem missing = problemMentioning(r, "com.example.DoesNotExist");
        assertEquals(bad.toString(), missing.source());
        assertEquals("com.example.DoesNotExist", missing.className());
        LoadProblem thrown = r.problems().stream()
                .filter(p -> p.source().equals(bad.toString()) && p.toString().contains("Broken"))
                .findFirst().orElseThrow(() -> new AssertionError(r.problems().toString()));
        assertTrue(thrown.cause().contains("always fails to construct"), thrown.cause());
        // the built-ins still load without the plugins directory, and the plugin is absent there
        assertTrue(Registry.load().models().stream().noneMatch(p -> p.name().equals("gamma")));
    }

    @Test
    void filesThatAreNotPluginJarsAreReportedAndTheGoodJarStillLoads(@TempDir Path dir) throws IOException {
        jarWithServices(dir, "a-good.jar", TestProviders.Gamma.class.getName() + "\n");
        Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
        Path garbage = Files.writeString(dir.resolve("garbage.jar"), "this is not a zip file\n");
        Path notes = Files.writeString(dir.resolve("notes.txt"), "x");
        Path noServices = dir.resolve("library.jar");
        try (OutputStream os = Files.newOutputStream(noServices); JarOutputStream jos = new JarOutputStream(os)) {
            jos.putNextEntry(new JarEntry("com/example/Thing.txt"));
            jos.closeEntry();
        }
        Files.writeString(dir.resolve(".hidden.jar"), "ignored without a word");
        Files.createDirectories(dir.resolve("sub.jar"));
        Registry r = Registry.load(List.of(dir));
        assertTrue(r.models().stream().anyMatch(p -> p.name().equals("gamma")), r.toString());
        assertEquals("is empty (0 bytes), not a jar", problemFrom(r, empty).cause());
        assertTrue(problemFrom(r, garbage).cause().startsWith("is not a jar (zip) file"), problemFrom(r, garbage).cause());
        assertTrue(problemFrom(r, notes).cause().startsWith("ignored: not a .jar file"));
        assertTrue(problemFrom(r, noServices).cause().startsWith("has no engram providers"));
        assertEquals(4, r.problems().stream().filter(p -> p.source().startsWith(dir.toString())).count(), r.problems().toString());
    }

    @Test
    void providersWhoseMethodsReturnNullOrThrowAreReportedOrFailClearly(@TempDir Path dir) throws IOException {
        Path jar = jarWithServices(dir, "faulty.jar", String.join("\n", TestProviders.Gamma.class.getName(),
                TestProviders.NullParameters.class.getName(), TestProviders.ThrowingName.class.getName(),
                TestProviders.NullDescription.class.getName(), TestProviders.NullCreate.class.getName(),
                TestProviders.ThrowingCreate.class.getName()) + "\n");
        Registry r = Registry.load(List.of(dir));
        assertEquals(List.of("alpha", "dup", "gamma", "null-create", "throwing-create", "zeta"),
                r.models().stream().map(Provider::name).toList());
        assertEquals(jar + ": " + TestProviders.NullParameters.class.getName() + ": parameters() returned null",
                problemMentioning(r, "NullParameters").toString());
        assertEquals(jar + ": " + TestProviders.ThrowingName.class.getName()
                + ": name() threw java.lang.IllegalStateException: no name today", problemMentioning(r, "ThrowingName").toString());
        assertTrue(problemMentioning(r, "NullDescription").cause().equals("description() returned null"));
        // the listing's calls work on what was read at load
        for (ModelProvider p : r.models()) {
            assertTrue(p.name() != null && p.description() != null && p.parameters() != null);
        }
        ModelContext c = new ModelContext(8, r.model("null-create").parseParams(java.util.Map.of()),
                (dev.engram.api.kernel.Kernels) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {dev.engram.api.kernel.Kernels.class}, (proxy, m, args) -> null), 1);
        PluginException e = assertThrows(PluginException.class, () -> r.model("null-create").create(c));
        assertEquals("plugin model 'null-create' (" + TestProviders.NullCreate.class.getName() + " in " + jar
                + ") create() returned null", e.getMessage());
        e = assertThrows(PluginException.class, () -> r.model("throwing-create").create(c));
        assertTrue(e.getMessage().endsWith("create() threw java.lang.NullPointerException: a bug in the plugin"), e.getMessage());
        e = assertThrows(PluginException.class, () -> r.model("throwing-create").read(c, new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(new byte[0]))));
        assertTrue(e.getMessage().endsWith("read() returned null"), e.getMessage());
        // bad parameters stay bad input, not a plugin failure
        assertThrows(IllegalArgumentException.class, () -> r.model("null-create").parseParams(java.util.Map.of("n", 99)));
    }

    @Test
    void aStrategyWhoseCreateReturnsNullFailsClearly(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("s.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os)) {
            jos.putNextEntry(new JarEntry("META-INF/services/" + StrategyProvider.class.getName()));
            jos.write((TestProviders.NullStrategy.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        Registry r = Registry.load(List.of(dir));
        StrategyProvider p = r.strategy("null-strategy");
        PluginException e = assertThrows(PluginException.class,
                () -> p.create(new StrategyContext(p.parseParams(java.util.Map.of()), 1)));
        assertTrue(e.getMessage().contains("plugin strategy 'null-strategy'") && e.getMessage().contains(jar.toString()),
                e.getMessage());
    }

    private static LoadProblem problemFrom(Registry r, Path source) {
        return r.problems().stream().filter(p -> p.source().equals(source.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for " + source + ": " + r.problems()));
    }

    @Test
    void aMissingOrUnreadablePluginsDirectoryIsAClearError(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Registry.load(List.of(missing)));
        assertEquals("plugins directory '" + missing + "' does not exist", e.getMessage());
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> Registry.load(List.of(file)));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }
}
