package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRecallCommandTest {

    /** 6 random patterns of 100 neurons, written one per line in alternating formats. */
    private static List<BipolarPattern> writePatterns(Path file) throws IOException {
        SplittableRandom r = new SplittableRandom(4);
        List<BipolarPattern> ps = new ArrayList<>();
        StringBuilder sb = new StringBuilder("# test patterns\n\n");
        for (int i = 0; i < 6; i++) {
            BipolarPattern p = BipolarPattern.random(100, r);
            ps.add(p);
            if (i % 2 == 0) {
                sb.append(p).append('\n');
            } else {
                int[] v = p.toIntArray();
                for (int j = 0; j < v.length; j++) {
                    sb.append(j == 0 ? "" : " ").append(v[j]);
                }
                sb.append('\n');
            }
        }
        Files.writeString(file, sb.toString());
        return ps;
    }

    private static void assertUsageError(CliRunner.Result r, String... fragments) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("engram: error: "), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' not in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void aModelThatComputesNaNIsNeverSaved(@TempDir Path dir) throws IOException {
        Path patterns = dir.resolve("p.txt");
        writePatterns(patterns);
        Path model = dir.resolve("t0.engram");
        // beta/N is not a float at all: refused as bad input before anything is stored
        CliRunner.Result r = CliRunner.run("store", "--model", "dam", "--model-param", "temperature=1e-300",
                "--patterns", patterns.toString(), "--out", model.toString());
        assertUsageError(r, "parameter 'temperature' of model 'dam' is 1.0E-300", "accepted: temperature >=");
        assertFalse(Files.exists(model));
        // beta/N is a float but its cube overflows: the stored memory computes NaN, and is not saved (exit 1)
        for (String mode : List.of("mode=stored", "mode=trained")) {
            r = CliRunner.run("store", "--model", "dam", "--model-param", mode, "--model-param", "temperature=1e-20",
                    "--patterns", patterns.toString(), "--out", model.toString());
            assertEquals(1, r.exitCode(), mode + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("engram: failed: ") && r.err().contains("temperature=1.0E-20")
                    && r.err().lines().count() == 1, r.err());
            assertFalse(Files.exists(model), mode);
        }
    }

    @Test
    void storedPatternsAreRecalledFromNoisyProbes(@TempDir Path dir) throws IOException {
        Path patterns = dir.resolve("p.txt");
        List<BipolarPattern> ps = writePatterns(patterns);
        Path model = dir.resolve("p.engram");
        CliRunner.Result s = CliRunner.run("store", "--model", "hopfield", "--patterns", patterns.toString(), "--out", model.toString());
        assertEquals(0, s.exitCode(), s.err());
        assertTrue(s.out().contains("stored 6 patterns of dimension 100"), s.out());
        List<String> args = new ArrayList<>(List.of("recall", "--model-file", model.toString()));
        SplittableRandom r = new SplittableRandom(9);
        for (BipolarPattern p : ps) {
            args.add("--probe");
            args.add(p.flipRandom(10, r).toString());
        }
        CliRunner.Result rec = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, rec.exitCode(), rec.err());
        String[] lines = rec.out().split("\n");
        assertEquals(6, lines.length, rec.out());
        for (int i = 0; i < 6; i++) {
            assertTrue(lines[i].startsWith(ps.get(i) + "  steps="), lines[i]);
            assertTrue(lines[i].contains("converged=true"), lines[i]);
        }
        // clamped neurons keep the probe's values
        BipolarPattern probe = ps.get(0).flipRandom(5, r);
        CliRunner.Result clamped = CliRunner.run("recall", "--model-file", model.toString(), "--probe", probe.toString(),
                "--update", "0-49");
        assertEquals(0, clamped.exitCode(), clamped.err());
        assertTrue(clamped.out().startsWith(ps.get(0).toString().substring(0, 50) + probe.toString().substring(50)), clamped.out());
    }

    @Test
    void badPatternsAndProbesAreOneLineWithExitCode2(@TempDir Path dir) throws IOException {
        Path patterns = dir.resolve("p.txt");
        writePatterns(patterns);
        Path model = dir.resolve("p.engram");
        assertEquals(0, CliRunner.run("store", "--model", "hopfield", "--patterns", patterns.toString(), "--out", model.toString()).exitCode());
        String m = model.toString();
        assertUsageError(CliRunner.run("recall", "--model-file", m, "--probe", "1 -1 0.5"), "component 3 is 0.5", "+1 or -1");
        assertUsageError(CliRunner.run("recall", "--model-file", m, "--probe", "1 NaN"), "--probe 1: component 2 is NaN");
        assertUsageError(CliRunner.run("recall", "--model-file", m, "--probe", "+-+x"), "character 4 is 'x'");
        assertUsageError(CliRunner.run("recall", "--model-file", m, "--probe", "+-+-"), "dimension 4", "dimension 100");
        assertUsageError(CliRunner.run("recall", "--model-file", m, "--probe", " "), "the pattern is empty");
        assertUsageError(CliRunner.run("recall", "--model-file", m, "--probe", "+-", "--update", "7"), "--update is '7'");
        // the range is echoed as the user wrote it, never as a half-open interval
        CliRunner.Result range = CliRunner.run("recall", "--model-file", m, "--probe", "+".repeat(100), "--update", "10-200");
        assertUsageError(range, "--update is 10-200; accepted: FROM-TO with 0 <= FROM <= TO <= 99");
        assertFalse(range.err().contains("201"), range.err());
        assertUsageError(CliRunner.run("recall", "--model-file", dir.resolve("none.engram").toString(), "--probe", "+"),
                "does not exist");
        Path mixed = dir.resolve("mixed.txt");
        Files.writeString(mixed, "+-+-\n+-+\n");
        assertUsageError(CliRunner.run("store", "--model", "hopfield", "--patterns", mixed.toString(), "--out",
                dir.resolve("x.engram").toString()), "mixed.txt line 2", "dimension 3 differs");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n");
        assertUsageError(CliRunner.run("store", "--model", "hopfield", "--patterns", empty.toString(), "--out",
                dir.resolve("x.engram").toString()), "holds no pattern");
        assertUsageError(CliRunner.run("store", "--model", "hopfeld", "--patterns", patterns.toString(), "--out",
                dir.resolve("x.engram").toString()), "unknown model 'hopfeld'", "hopfield");
        assertUsageError(CliRunner.run("store", "--model", "hopfield", "--model-param", "decay=2", "--patterns",
                patterns.toString(), "--out", dir.resolve("x.engram").toString()), "decay");
    }

    @Test
    void aTruncatedOrCorruptModelFileIsAClearError(@TempDir Path dir) throws IOException {
        Path patterns = dir.resolve("p.txt");
        writePatterns(patterns);
        Path model = dir.resolve("p.engram");
        assertEquals(0, CliRunner.run("store", "--model", "hopfield", "--patterns", patterns.toString(), "--out", model.toString()).exitCode());
        byte[] bytes = Files.readAllBytes(model);
        Path truncated = Files.write(dir.resolve("t.engram"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertUsageError(CliRunner.run("recall", "--model-file", truncated.toString(), "--probe", "+"), "t.engram");
        bytes[bytes.length / 2] ^= 0x5A;
        Path corrupt = Files.write(dir.resolve("c.engram"), bytes);
        assertUsageError(CliRunner.run("recall", "--model-file", corrupt.toString(), "--probe", "+"), "c.engram");
    }
}
