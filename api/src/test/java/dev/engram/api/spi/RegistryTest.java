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
    void aMissingOrUnreadablePluginsDirectoryIsAClearError(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Registry.load(List.of(missing)));
        assertEquals("plugins directory '" + missing + "' does not exist", e.getMessage());
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> Registry.load(List.of(file)));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }
}
