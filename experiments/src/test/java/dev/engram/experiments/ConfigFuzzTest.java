package dev.engram.experiments;

import dev.engram.testkit.Mutations;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the config reader ({@link ExperimentConfig#read}, TOML and JSON through Jackson) with mutated configs:
 * every input must be read or refused with one {@link IllegalArgumentException} line naming the file (no
 * Jackson class names, no "Source: REDACTED"); a config that is read must turn into specs or refuse clearly.
 * 1,500 inputs in the normal suite; {@code -Dengram.fuzz.inputs=100000} for the long run (docs/robustness.md).
 */
class ConfigFuzzTest {
    @TempDir
    Path dir;

    static final String TOML = """
            name = "fuzz"
            seed = 3
            noise = [0.0, 0.1, 0.2]
            noise-probes = 5

            [data]
            kind = "random"
            tasks = 3
            dimension = 64
            items = 8
            correlation = 0.1
            scoring = "bits"

            [[model]]
            name = "dam"
            params = { n = 3, memories = 16, mode = "trained" }

            [[strategy]]
            name = "rehearsal"

            [[strategy]]
            compose = [{ name = "rehearsal" }, { name = "ewc", params = { lambda = 1e6 } }]

            [sweep]
            model = { n = [2, 3] }
            seeds = [1, 2]
            format = "jsonl"
            """;

    static final String JSON = """
            {"name": "fuzz", "seed": 3, "noise": [0.0, 0.1],
             "data": {"kind": "permuted-mnist", "tasks": 2, "train": 100, "test": 50, "threshold": 10},
             "model": {"name": "hopfield", "params": {"rule": "storkey"}},
             "strategy": [{"name": "ewc", "params": {"lambda": 1000}}],
             "sweep": {"strategy": {"lambda": [1, 10]}, "seeds": [1]}}
            """;

    static final String PRESET = "preset = \"demo\"\nseed = 2\nout = \"o\"\n[data]\ndir = \"d\"\n";

    static String check(Path f) {
        ExperimentConfig c;
        try {
            c = ExperimentConfig.read(f);
        } catch (IllegalArgumentException e) {
            return clear(e, f);
        } catch (Throwable e) {
            return stack(e);
        }
        try {
            // what the commands do next with a config: its components become specs
            for (List<ExperimentConfig.Component> cs : java.util.Arrays.asList(c.model(), c.strategy())) {
                if (cs != null) {
                    for (ExperimentConfig.Component comp : cs) {
                        if (comp != null) {
                            comp.toSpec();
                        }
                    }
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() == null || e.getMessage().contains("\n") ? "not one line: " + stack(e) : null;
        } catch (Throwable e) {
            return "read, then failed: " + stack(e);
        }
    }

    private static String clear(Exception e, Path f) {
        String m = e.getMessage();
        if (m == null || !m.startsWith("config file '" + f + "'") || m.contains("\n") || m.contains("REDACTED")
                || m.contains("Source:") || m.contains("com.fasterxml") || m.contains("JsonToken")) {
            return "not a clear one-line message: " + stack(e);
        }
        return null;
    }

    static String stack(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void mutatedConfigsGiveOnlyClearErrors() throws IOException {
        long seed = Mutations.seed();
        int inputs = Mutations.inputs(1_500);
        Mutations m = new Mutations(seed);
        Path toml = dir.resolve("c.toml");
        Path json = dir.resolve("c.json");
        List<String> failures = new ArrayList<>();
        int read = 0;
        for (int i = 0; i < inputs && failures.size() < 5; i++) {
            int which = m.random().nextInt(3);
            String s = which == 0 ? TOML : which == 1 ? JSON : PRESET;
            Path f = which == 1 ? json : toml;
            byte[] b = m.random().nextBoolean() ? m.mutateText(s).getBytes(StandardCharsets.UTF_8)
                    : m.mutate(s.getBytes(StandardCharsets.UTF_8));
            Files.write(f, b);
            String problem = check(f);
            if (problem != null) {
                Path keep = Path.of("target", "fuzz-failures", "config-" + seed + "-" + i + (which == 1 ? ".json" : ".toml"));
                Files.createDirectories(keep.getParent());
                Files.write(keep, b);
                failures.add("input " + i + " (seed " + seed + ", kept in " + keep + "): " + problem);
            } else {
                try {
                    ExperimentConfig.read(f);
                    read++;
                } catch (IllegalArgumentException ignored) {
                    // refused
                }
            }
        }
        System.out.println("config fuzz: " + inputs + " inputs (seed " + seed + "), " + read
                + " read, the rest refused with a clear error, " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    @Test
    void theSeedsThemselvesAreRead() throws IOException {
        Path toml = dir.resolve("s.toml");
        Path json = dir.resolve("s.json");
        for (String[] s : new String[][] {{TOML, "t"}, {JSON, "j"}, {PRESET, "t"}}) {
            Path f = s[1].equals("j") ? json : toml;
            Files.writeString(f, s[0]);
            ExperimentConfig.read(f);
            assertTrue(check(f) == null, check(f));
        }
    }
}
