package dev.engram.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.api.spi.Registry;
import dev.engram.experiments.sweep.Sweep;
import dev.engram.experiments.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans run from Java, without the command line: what a researcher does in JShell or a notebook. */
class ExperimentsTest {
    @TempDir
    Path dir;

    final Registry registry = Registry.load();
    final StringWriter console = new StringWriter();

    Output output(String folder) {
        return new Output(dir.resolve(folder), new PrintWriter(console, true));
    }

    static ExperimentPlan.Builder tiny() {
        return ExperimentPlan.builder().model("test-tiny", Map.of("epochs", 15))
                .data(new DataSpec("random", 3, 24, 3, null, null, null, null, null, null, null))
                .options(new Runner.Options(new double[] {0, 0.2}, 3));
    }

    @Test
    void anExperimentPlanRunsAndWritesItsFiles() throws Exception {
        ExperimentPlan plan = tiny().strategy("test-noop").strategy("test-replay").command("compare").seed(3).build();
        assertEquals("compare-test-tiny-test-noop+test-replay", plan.name());
        Experiments.Outcome o = Experiments.run(registry, plan, output("a"));
        assertEquals(2, o.runs().size());
        assertEquals("test-noop", o.runs().get(0).label());
        JsonNode j = Json.read(dir.resolve("a/results.json"));
        assertEquals("complete", j.get("status").asText());
        assertEquals("compare", j.get("config").get("command").asText());
        assertEquals(3, j.get("config").get("seed").asLong());
        assertTrue(Files.exists(dir.resolve("a/results.csv")));
        assertTrue(console.toString().contains("engram: compare 'compare-test-tiny-test-noop+test-replay' (2 runs"),
                console.toString());
        // same plan, same seed: the same matrix
        Experiments.Outcome again = Experiments.run(registry, plan, output("b"));
        for (int r = 0; r < 2; r++) {
            assertTrue(java.util.Arrays.deepEquals(o.runs().get(r).matrix(), again.runs().get(r).matrix()));
        }
    }

    @Test
    void badInputFailsBeforeTheFolderIsMade() {
        ExperimentPlan unknown = tiny().strategy("no-such-strategy").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.run(registry, unknown, output("never")));
        assertTrue(e.getMessage().contains("no-such-strategy") && e.getMessage().contains("test-noop"), e.getMessage());
        ExperimentPlan badParam = ExperimentPlan.builder().model("test-tiny", Map.of("epochs", 0)).build();
        e = assertThrows(IllegalArgumentException.class, () -> Experiments.run(registry, badParam, output("never")));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("never")));
        assertThrows(IllegalArgumentException.class, () -> new PresetPlan("no-such-preset", null, null));
        assertThrows(IllegalArgumentException.class, () -> new KvPlan.Benchmark(0, new int[] {10}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new KvPlan.Capacity(new int[] {20}, 1.5, 1, 1));
    }

    @Test
    void aSweepPlanRunsItsGridAndResumes() throws Exception {
        SweepPlan plan = new SweepPlan(tiny().command("sweep").strategy("test-noop").build(),
                Map.of("epochs", List.of(5, 10)), Map.of(), List.of(1L, 2L), Sweep.Format.JSONL);
        assertEquals(4, plan.trials().size());
        Experiments.Outcome o = Experiments.run(registry, plan, output("s"));
        assertEquals(4, o.rows().size());
        assertTrue(Files.exists(dir.resolve("s/sweep.json")) && Files.exists(dir.resolve("s/sweep.csv")));
        Experiments.Outcome resumed = Experiments.run(registry, plan, output("s"));
        assertEquals(4, resumed.rows().size());
        assertTrue(console.toString().contains("Resuming: 4 of 4 trials"), console.toString());
    }

    @Test
    void aKvPlanRunsItsStudy() throws Exception {
        Experiments.Outcome o = Experiments.run(registry, new KvPlan.Benchmark(16, new int[] {4, 8}, 1, 2), output("kv"));
        assertFalse(o.rows().isEmpty());
        assertTrue(Files.exists(dir.resolve("kv/benchmark.json")));
        assertTrue(console.toString().contains("kv-sequential"), console.toString());
    }

    @Test
    void theDefaultFolderNamesThePlan() {
        assertTrue(Output.defaultFolder(tiny().name("my run/1").build()).getFileName().toString().startsWith("my_run_1-"));
        assertEquals(Path.of("engram-out", "kv"), Output.defaultFolder(new KvPlan.Benchmark(8, new int[] {2}, 1, 1)));
    }
}
