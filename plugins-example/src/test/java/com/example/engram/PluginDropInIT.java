package com.example.engram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drops the built plugin jar into a plugins directory and runs {@code bin/engram} as a separate process,
 * exactly as a user would.
 */
class PluginDropInIT {

    record Run(int exit, String out, String err) {
    }

    static Run engram(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("engram.launcher"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("ENGRAM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("engram " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Path pluginsDirWithTheExample(Path dir) throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = Path.of(System.getProperty("engram.plugin.jar"));
        Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return plugins;
    }

    @Test
    void theDroppedInJarsModelAndStrategyAreListedOnlyWithPlugins(@TempDir Path dir) throws Exception {
        Path plugins = pluginsDirWithTheExample(dir);
        Run with = engram(dir, "--plugins", plugins.toString(), "plugins");
        assertEquals(0, with.exit(), with.err());
        assertTrue(with.out().contains("sparse-hopfield") && with.out().contains("activity"), with.out());
        assertTrue(with.out().matches("(?s).*\\n  l2 .*lambda.*"), with.out());
        assertTrue(with.out().contains("[" + plugins.resolve(Path.of(System.getProperty("engram.plugin.jar")).getFileName()) + "]"),
                "the listing names the jar: " + with.out());
        Run without = engram(dir, "plugins", "--brief");
        assertEquals(0, without.exit(), without.err());
        assertFalse(without.out().contains("sparse-hopfield"), without.out());
        assertFalse(without.out().contains("\n  l2\n"), without.out());
    }

    @Test
    void runCompletesWithThePluginModelAndThePluginStrategy(@TempDir Path dir) throws Exception {
        Path plugins = pluginsDirWithTheExample(dir);
        // the plugin's model with a built-in strategy (dense random patterns: activity 0.5, threshold 0)
        Path out1 = dir.resolve("out-sparse");
        // the README's command: the plugin model remembers something (ACC 0.667 there, not 0.000)
        Run model = engram(dir, "--plugins", plugins.toString(), "run", "--model", "sparse-hopfield",
                "--model-param", "activity=0.5", "--model-param", "threshold=0", "--strategy", "naive",
                "--dimension", "200", "--items", "5", "--tasks", "3", "--out", out1.toString());
        assertEquals(0, model.exit(), model.err());
        java.util.regex.Matcher acc = java.util.regex.Pattern.compile("(?m)^naive\\s+([0-9.]+)").matcher(model.out());
        assertTrue(acc.find() && Double.parseDouble(acc.group(1)) > 0.5, model.out());
        assertTrue(Files.size(out1.resolve("results.json")) > 0 && Files.exists(out1.resolve("results.csv")), model.out());
        assertTrue(Files.readString(out1.resolve("results.json")).contains("sparse-hopfield"));
        // a built-in trained model with the plugin's strategy
        Path out2 = dir.resolve("out-l2");
        Run strategy = engram(dir, "--plugins", plugins.toString(), "run", "--model", "dam",
                "--model-param", "memories=16", "--model-param", "epochs=5", "--strategy", "l2",
                "--strategy-param", "lambda=10", "--dimension", "32", "--items", "4", "--tasks", "2",
                "--seed", "3", "--out", out2.toString());
        assertEquals(0, strategy.exit(), strategy.err());
        assertTrue(Files.readString(out2.resolve("results.json")).contains("\"l2\""), strategy.out());
        // without --plugins the names are unknown, and the error lists what exists
        Run absent = engram(dir, "run", "--model", "sparse-hopfield", "--strategy", "naive", "--out",
                dir.resolve("out-absent").toString());
        assertEquals(2, absent.exit(), absent.err());
        assertTrue(absent.err().contains("unknown model 'sparse-hopfield'") && absent.err().contains("dam"), absent.err());
    }

    @Test
    void aBrokenPluginJarIsReportedAndEverythingElseStillWorks(@TempDir Path dir) throws Exception {
        Path plugins = pluginsDirWithTheExample(dir);
        Path broken = plugins.resolve("broken-plugin.jar");
        Path classes = Path.of(System.getProperty("engram.test.classes"));
        String throwing = ThrowingStrategyProvider.class.getName();
        try (OutputStream os = Files.newOutputStream(broken); JarOutputStream jar = new JarOutputStream(os)) {
            String classFile = throwing.replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            jar.write(Files.readAllBytes(classes.resolve(classFile)));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/services/dev.engram.api.spi.StrategyProvider"));
            jar.write((throwing + "\ncom.example.engram.NoSuchStrategy\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        // a provider whose parameters() returns null, an empty jar and a text file named .jar
        Path faulty = plugins.resolve("faulty-plugin.jar");
        String nullParams = NullParametersModelProvider.class.getName();
        try (OutputStream os = Files.newOutputStream(faulty); JarOutputStream jar = new JarOutputStream(os)) {
            String classFile = nullParams.replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            jar.write(Files.readAllBytes(classes.resolve(classFile)));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("META-INF/services/dev.engram.api.spi.ModelProvider"));
            jar.write((nullParams + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Path empty = Files.write(plugins.resolve("empty.jar"), new byte[0]);
        Path garbage = Files.writeString(plugins.resolve("garbage.jar"), "not a jar\n");
        Run r = engram(dir, "--plugins", plugins.toString(), "plugins");
        assertEquals(0, r.exit(), r.err());
        String problems = r.out().substring(r.out().indexOf("Problems ("));
        assertTrue(problems.contains(faulty + ": " + nullParams + ": parameters() returned null"), problems);
        assertTrue(problems.contains(empty + ": is empty (0 bytes), not a jar"), problems);
        assertTrue(problems.contains(garbage + ": is not a jar (zip) file"), problems);
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(problems.contains(broken.toString() + ": " + throwing) && problems.contains("misconfigured on purpose"),
                problems);
        assertTrue(problems.contains(broken.toString() + ": com.example.engram.NoSuchStrategy"), problems);
        assertTrue(r.out().contains("sparse-hopfield") && r.out().contains("\n  l2 "), "the good plugin still loads: " + r.out());
    }
}
