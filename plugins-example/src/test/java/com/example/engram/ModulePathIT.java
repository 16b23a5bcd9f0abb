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
 * {@code --plugins DIR}, is {@link PluginDropInIT}.) {@code dev.engram.experiments} runs from the module path too,
 * with its dependencies (automatic modules among them).
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

    @Test
    void experimentsRunsAsANamedModule() throws Exception {
        // dev.engram.experiments with what it requires: Jackson, FastCSV and progressbar are named modules; XChart,
        // VectorGraphics2D, Commons Math and jline (progressbar's) automatic ones
        List<String> jars = new ArrayList<>();
        for (String a : List.of("engram-api", "engram-vector-core", "engram-strategies", "engram-experiments",
                "jackson-databind", "jackson-core", "jackson-annotations", "jackson-dataformat-toml", "fastcsv",
                "progressbar", "jline-terminal", "jline-native", "xchart", "VectorGraphics2D", "commons-math3")) {
            jars.add(jar(a));
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "--module-path", String.join(File.pathSeparator, jars),
                "--add-modules", "ALL-MODULE-PATH,jdk.incubator.vector",
                "-cp", System.getProperty("engram.test.classes"), "example.modulepath.ExperimentsMain", dir.toString()));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES));
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("experiments module: dev.engram.experiments named=true"), text);
        assertTrue(text.contains("config from-toml tasks=2 model=dam strategy=rehearsal"), text);
        assertTrue(text.contains("runs 1 in dev.engram.experiments"), text);
        for (String f : List.of("results.json", "results.csv", "accuracy-rehearsal.png", "accuracy-rehearsal.svg", "report.html")) {
            assertTrue(text.contains("file " + f + " true"), f + ": " + text);
        }
        assertTrue(!text.contains("Exception") && !text.contains("IllegalAccess"), text);
    }
}
