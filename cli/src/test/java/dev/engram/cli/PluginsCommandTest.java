package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {

    @Test
    void listsTheKernelBackendModelsStrategiesAndParameters() {
        CliRunner.Result r = CliRunner.run("plugins");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Kernel backend: "), r.out());
        assertTrue(r.out().contains("Models ("), r.out());
        assertTrue(r.out().contains("Strategies ("), r.out());
        assertTrue(r.out().contains("cli-test-model") && r.out().contains("a model that exists only in the CLI tests"), r.out());
        assertTrue(r.out().matches("(?s).*width\\s+integer in \\[1, 99\\]\\s+default 7\\s+how wide it is.*"), r.out());
    }

    @Test
    void briefListsNamesOnly() {
        CliRunner.Result r = CliRunner.run("plugins", "--brief");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("  cli-test-model\n"), r.out());
        assertFalse(r.out().contains("how wide it is"), r.out());
    }

    @Test
    void aMissingPluginsDirectoryIsOneLineAndExitCode2(@TempDir Path dir) {
        Path missing = dir.resolve("absent");
        CliRunner.Result r = CliRunner.run("--plugins", missing.toString(), "plugins");
        assertEquals(2, r.exitCode());
        assertEquals("engram: error: plugins directory '" + missing + "' does not exist\n", r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aKernelPluginThatComputesWrongResultsIsAProblemAndTheBuiltInKernelsAreUsed(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("fast.jar");
        try (var os = java.nio.file.Files.newOutputStream(jar); var jos = new java.util.jar.JarOutputStream(os)) {
            jos.putNextEntry(new java.util.jar.JarEntry("META-INF/services/" + dev.engram.api.spi.KernelProvider.class.getName()));
            jos.write((dev.engram.cli.testplugins.WrongKernelProvider.class.getName() + "\n").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        String builtIn = dev.engram.api.spi.Registry.load().kernelProvider().describe();
        String problem = jar + ": " + dev.engram.cli.testplugins.WrongKernelProvider.class.getName()
                + ": kernel provider 'fast-kernels' not used: dot of 131 floats gave 0.00000, expected ";
        CliRunner.Result r = CliRunner.run("--plugins", dir.toString(), "plugins", "--brief");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Kernel backend: " + builtIn + "\n"), r.out());
        assertTrue(r.out().contains("Problems (1)") && r.out().contains("  " + problem), r.out());
        assertEquals(1, r.err().lines().count(), "one warning: " + r.err());
        assertTrue(r.err().startsWith("engram: warning: " + problem) && r.err().strip().endsWith(
                "; using the 'vector-core' kernels instead (" + builtIn + ")"), r.err());
        // a run works on the built-in kernels, with the same one warning
        Path out = dir.resolve("out");
        r = CliRunner.run("--plugins", dir.toString(), "run", "--strategy", "naive", "--tasks", "2", "--dimension", "64",
                "--items", "5", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("engram: warning: ")).count(), r.err());
        assertTrue(java.nio.file.Files.readString(out.resolve("results.json")).contains("\"kernels\" : \"" + builtIn + "\""));
    }

    @Test
    void anEmptyPluginsDirectoryIsFine(@TempDir Path dir) {
        CliRunner.Result r = CliRunner.run("--plugins", dir.toString(), "plugins", "--brief");
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void unknownCommandsAndOptionsExitWith2() {
        CliRunner.Result r = CliRunner.run("frobnicate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("frobnicate"), r.err());
        r = CliRunner.run("plugins", "--colour");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--colour"), r.err());
    }

    @Test
    void versionAndHelp() {
        CliRunner.Result r = CliRunner.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("engram 0."), r.out());
        assertTrue(r.out().contains("Java "), r.out());
        r = CliRunner.run("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("plugins") && r.out().contains("--plugins=DIR"), r.out());
    }
}
