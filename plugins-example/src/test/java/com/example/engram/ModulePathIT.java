package com.example.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engram and the plugin on the module path: {@code dev.engram.api}, {@code dev.engram.core} and {@code
 * dev.engram.strategies} are named modules that provide their services, and the plugin jar is an automatic
 * module whose {@code META-INF/services} the registry finds the same way; the program that looks is on the class
 * path, in a package of its own (a package of the plugin's module cannot also be on the class path). (The
 * class-path drop-in,
 * {@code --plugins DIR}, is {@link PluginDropInIT}.)
 */
class ModulePathIT {
    @TempDir
    Path dir;

    static String jar(String artifact) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Path.of(p).getFileName().toString().startsWith(artifact + "-") && p.endsWith(".jar"))
                .findFirst().orElseThrow(() -> new AssertionError(artifact + " is not on the test class path"));
    }

    @Test
    void theModulesAndThePluginWorkFromTheModulePath() throws Exception {
        String modulePath = String.join(File.pathSeparator, jar("engram-api"), jar("engram-vector-core"),
                jar("engram-strategies"), System.getProperty("engram.plugin.jar"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH",
                "-cp", System.getProperty("engram.test.classes"), "example.modulepath.ModulePathMain"));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("api module: dev.engram.api named=true"), text);
        assertTrue(text.contains("model dam in dev.engram.core"), text);
        assertTrue(text.contains("strategy ewc in dev.engram.strategies"), text);
        assertTrue(text.contains("model sparse-hopfield in com.example.engram"), text);
        assertTrue(text.contains("strategy l2 in com.example.engram"), text);
        assertTrue(text.contains("recalled true"), text);
        assertTrue(!text.contains("problem "), text);
    }
}
