package dev.engram.cli;

import dev.engram.testkit.Mutations;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.api.BipolarPattern;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the pattern reader of {@code engram store --patterns} and {@code engram recall --probes}
 * ({@link PatternText}) with mutated pattern files: every input must give patterns of one dimension or a
 * {@link UserError} (exit 2) of one line naming the file; nothing else. 2,000 inputs in the normal suite;
 * {@code -Dengram.fuzz.inputs=100000} for the long run (docs/robustness.md).
 */
class PatternFileFuzzTest {
    @TempDir
    Path dir;

    static List<String> seeds() {
        SplittableRandom r = new SplittableRandom(2);
        StringBuilder signs = new StringBuilder("# signs\n\n");
        StringBuilder numbers = new StringBuilder();
        StringBuilder reals = new StringBuilder("# real values, commas\n");
        for (int i = 0; i < 4; i++) {
            BipolarPattern p = BipolarPattern.random(24, r);
            signs.append(p).append('\n');
            int[] v = p.toIntArray();
            for (int j = 0; j < v.length; j++) {
                numbers.append(j == 0 ? "" : " ").append(v[j]);
                reals.append(j == 0 ? "" : ", ").append(v[j] * r.nextDouble());
            }
            numbers.append('\n');
            reals.append('\n');
        }
        return List.of(signs.toString(), numbers.toString(), reals.toString(), "+-+ -+- ++--\n-+- +-+ --++\n");
    }

    /** What the store command does with a patterns file: read, parse each line, require one dimension. */
    static void read(Path f, boolean bipolar) {
        List<PatternText.Line> lines = PatternText.readLines(f);
        List<Integer> sizes = new ArrayList<>();
        for (PatternText.Line line : lines) {
            sizes.add(bipolar ? PatternText.bipolar(line).size() : PatternText.real(line).size());
        }
        PatternText.requireOneDimension(lines, sizes);
    }

    static String check(Path f, boolean bipolar) {
        try {
            read(f, bipolar);
            return null;
        } catch (UserError | IllegalArgumentException e) {
            String m = e.getMessage();
            if (m == null || !m.contains(f.toString()) || m.contains("\n") || m.contains("\r")) {
                return "not a one-line message naming the file: " + stack(e);
            }
            return null;
        } catch (Throwable e) {
            return stack(e);
        }
    }

    static String stack(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void mutatedPatternFilesGiveOnlyClearErrors() throws IOException {
        List<String> seeds = seeds();
        long seed = Mutations.seed();
        int inputs = Mutations.inputs(2_000);
        Mutations m = new Mutations(seed);
        Path f = dir.resolve("patterns.txt");
        List<String> failures = new ArrayList<>();
        int read = 0;
        for (int i = 0; i < inputs; i++) {
            String s = seeds.get(m.random().nextInt(seeds.size()));
            byte[] b = m.random().nextBoolean() ? m.mutateText(s).getBytes(StandardCharsets.UTF_8)
                    : m.mutate(s.getBytes(StandardCharsets.UTF_8));
            Files.write(f, b);
            for (boolean bipolar : new boolean[] {true, false}) {
                String problem = check(f, bipolar);
                if (problem != null) {
                    Path keep = Path.of("target", "fuzz-failures", "patterns-" + seed + "-" + i + ".txt");
                    Files.createDirectories(keep.getParent());
                    Files.write(keep, b);
                    failures.add("input " + i + " (seed " + seed + ", kept in " + keep + ", bipolar " + bipolar + "): " + problem);
                }
            }
            if (failures.size() >= 5) {
                break;
            }
            try {
                read(f, false);
                read++;
            } catch (RuntimeException ignored) {
                // counted as refused
            }
        }
        System.out.println("pattern-file fuzz: " + inputs + " inputs (seed " + seed + "), " + read
                + " read as real patterns, the rest refused with a clear error, " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    @Test
    void theSeedsThemselvesRead() throws IOException {
        Path f = dir.resolve("s.txt");
        for (String s : seeds()) {
            Files.writeString(f, s);
            read(f, false);
            if (!s.contains(",")) {
                read(f, true);
            }
        }
    }
}
