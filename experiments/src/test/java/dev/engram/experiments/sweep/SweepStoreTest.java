package dev.engram.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.api.spi.Registry;
import dev.engram.experiments.DataSpec;
import dev.engram.experiments.ExperimentPlan;
import dev.engram.experiments.Experiments;
import dev.engram.experiments.Output;
import dev.engram.experiments.Runner;
import dev.engram.experiments.SweepPlan;
import dev.engram.experiments.io.FolderLock;
import dev.engram.experiments.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trial identity, the one-writer lock, the folder claim, slices and merge, on the test providers. */
class SweepStoreTest {
    @TempDir
    Path dir;

    final Registry registry = Registry.load();
    final StringWriter console = new StringWriter();

    Output output(String folder) {
        return new Output(dir.resolve(folder), new PrintWriter(console, true));
    }

    static ExperimentPlan experiment(int dimension) {
        return ExperimentPlan.builder().command("sweep").model("test-tiny", Map.of("epochs", 15)).strategy("test-noop")
                .data(new DataSpec("random", 2, dimension, 3, null, null, null, null, null, null, null))
                .options(new Runner.Options(new double[] {0, 0.2}, 3)).name("tiny").build();
    }

    static SweepPlan plan(int dimension, List<Object> rates, List<Long> seeds) {
        return new SweepPlan(experiment(dimension), Map.of("learning-rate", rates), Map.of(), seeds, Sweep.Format.JSONL);
    }

    /** id -> metrics of every record in {@code folder}. */
    static Map<String, JsonNode> records(Path folder) throws Exception {
        Map<String, JsonNode> m = new TreeMap<>();
        for (TrialRecord r : new TrialStore(folder).readAll().values()) {
            m.put(r.id(), r.json().path("metrics"));
        }
        return m;
    }

    @Test
    void aTrialIsItsWholeConfiguration() {
        List<TrialExecutor.Pending> a = Sweep.keys(registry, plan(24, List.of("0.01"), List.of(1L)).trials());
        List<TrialExecutor.Pending> same = Sweep.keys(registry, plan(24, List.of("1e-2"), List.of(1L)).trials());
        List<TrialExecutor.Pending> otherDim = Sweep.keys(registry, plan(30, List.of("0.01"), List.of(1L)).trials());
        List<TrialExecutor.Pending> otherSeed = Sweep.keys(registry, plan(24, List.of("0.01"), List.of(2L)).trials());
        // 0.01 and 1e-2 are one value: the provider types it before it is hashed
        assertEquals(a.get(0).key().id(), same.get(0).key().id());
        assertNotEquals(a.get(0).key().id(), otherDim.get(0).key().id());
        assertNotEquals(a.get(0).key().family(), otherDim.get(0).key().family());
        assertNotEquals(a.get(0).key().id(), otherSeed.get(0).key().id());
        assertEquals(a.get(0).key().point(), otherSeed.get(0).key().point());
        assertEquals(a.get(0).key().family(), otherSeed.get(0).key().family());
        // every default is in the canonical form (epochs given, learning-rate from the grid, the rest defaults)
        JsonNode c = Json.mapper().valueToTree(a.get(0).key().canonical());
        assertEquals(15, c.path("model").path("params").path("epochs").asInt());
        assertTrue(c.path("data").path("dimension").asInt() == 24 && c.path("data").has("probe-noise"), c.toString());
        assertEquals(a.get(0).key().id(), TrialKey.hash(a.get(0).key().canonical()));
        assertTrue(a.get(0).key().id().matches("[0-9a-f]{16}"));
        // a trial listed twice (1e-2 and 0.01) is refused
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Sweep.keys(registry, plan(24, List.of("0.01", "1e-2"), List.of(1L)).trials()));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plan(24, List.of("0.01"), List.of(1L, 1L)));
        assertEquals("data.dimension: 24 vs 30", TrialKey.difference(a.get(0).key().familyCanonical(),
                otherDim.get(0).key().familyCanonical()));
    }

    @Test
    void aResumedSweepNeverTakesARecordOfAnotherConfiguration() throws Exception {
        Experiments.Outcome first = Experiments.run(registry, plan(24, List.of("0.01", "0.1"), List.of(1L, 2L)), output("s"));
        assertEquals(4, first.rows().size());
        assertEquals(4, records(dir.resolve("s")).size());
        // the same sweep with more seeds resumes: 4 done, 2 new
        Experiments.Outcome more = Experiments.run(registry, plan(24, List.of("0.01", "0.1"), List.of(1L, 2L, 3L)),
                output("s"));
        assertTrue(console.toString().contains("Resuming: 4 of 6 trials"), console.toString());
        assertEquals(6, more.rows().size());
        assertEquals(6, records(dir.resolve("s")).size());
        assertEquals(3, Files.readAllLines(dir.resolve("s/sweep.csv")).size());
        // another dimension is another sweep: refused, naming the difference
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.run(registry, plan(30, List.of("0.01", "0.1"), List.of(1L, 2L)), output("s")));
        assertTrue(e.getMessage().contains("data.dimension: 24 vs 30") && e.getMessage().contains("--force"),
                e.getMessage());
        // forced, it runs its own trials and summarises only them
        Experiments.Outcome forced = Experiments.run(registry, plan(30, List.of("0.01", "0.1"), List.of(1L, 2L)),
                output("s").forced(true));
        assertEquals(4, forced.rows().size());
        assertEquals(10, records(dir.resolve("s")).size());
        assertTrue(console.toString().contains("6 records in") && console.toString().contains("another sweep"),
                console.toString());
    }

    @Test
    void aFolderOfAnotherExperimentIsRefusedUnlessForced() throws Exception {
        Files.createDirectories(dir.resolve("o"));
        Files.writeString(dir.resolve("o/notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.run(registry, plan(24, List.of("0.01"), List.of(1L)), output("o")));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        // an old sweep log is named as such
        Files.createDirectories(dir.resolve("old"));
        Files.writeString(dir.resolve("old/trials.jsonl"), "{\"key\":\"dam|naive|seed=1\"}\n");
        e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.run(registry, plan(24, List.of("0.01"), List.of(1L)), output("old")));
        assertTrue(e.getMessage().contains("older Engram"), e.getMessage());
        // a run into a sweep's folder
        Experiments.run(registry, plan(24, List.of("0.01"), List.of(1L)), output("sw"));
        e = assertThrows(IllegalArgumentException.class,
                () -> Experiments.run(registry, experiment(24), output("sw")));
        assertTrue(e.getMessage().contains("sweep 'tiny'"), e.getMessage());
        // the same run twice is fine
        ExperimentPlan run = ExperimentPlan.builder().model("test-tiny").strategy("test-noop")
                .data(new DataSpec("random", 2, 24, 3, null, null, null, null, null, null, null)).build();
        Experiments.run(registry, run, output("r"));
        Experiments.run(registry, run, output("r"));
    }

    @Test
    void oneWriterPerFolder() throws Exception {
        Path f = Files.createDirectories(dir.resolve("locked"));
        try (FolderLock _ = FolderLock.exclusive(f, "test")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Experiments.run(registry, plan(24, List.of("0.01"), List.of(1L)), output("locked")));
            assertTrue(e.getMessage().contains("in use") && e.getMessage().contains("pid "
                    + ProcessHandle.current().pid()), e.getMessage());
            assertThrows(FolderLock.HeldException.class, () -> FolderLock.slice(f, 0, 2, "test"));
        }
        try (FolderLock _ = FolderLock.slice(f, 0, 2, "test"); FolderLock _ = FolderLock.slice(f, 1, 2, "test")) {
            assertThrows(FolderLock.HeldException.class, () -> FolderLock.slice(f, 0, 2, "test"));
            FolderLock.HeldException e = assertThrows(FolderLock.HeldException.class, () -> FolderLock.exclusive(f, "t"));
            assertTrue(e.getMessage().contains("slices"), e.getMessage());
        }
        FolderLock.exclusive(f, "free again").close();
    }

    @Test
    void twoSlicesAndAMergeEqualOneLocalSweep() throws Exception {
        SweepPlan p = plan(24, List.of("0.01", "0.05", "0.1"), List.of(1L, 2L));
        Experiments.run(registry, p, output("whole"));
        Experiments.run(registry, p, output("sliced"), new Sweep.Execution(Shard.parse("1/2"), null));
        assertTrue(console.toString().contains("Partial: 3 of 6"), console.toString());
        Experiments.run(registry, p, output("sliced"), new Sweep.Execution(Shard.parse("0/2"), null));
        SweepSummary.Merged m = SweepSummary.merge(dir.resolve("sliced"), new PrintWriter(new StringWriter()));
        assertTrue(m.complete() && m.rows().size() == 6);
        assertEquals(records(dir.resolve("whole")), records(dir.resolve("sliced")));
        assertEquals(Files.readString(dir.resolve("whole/sweep.csv")), Files.readString(dir.resolve("sliced/sweep.csv")));
        // merge is idempotent
        SweepSummary.merge(dir.resolve("sliced"), new PrintWriter(new StringWriter()));
        assertEquals(Files.readString(dir.resolve("whole/sweep.csv")), Files.readString(dir.resolve("sliced/sweep.csv")));
        // slices in separate folders (no shared file system), merged into the first
        Experiments.run(registry, p, output("a"), new Sweep.Execution(Shard.parse("0/2"), null));
        Experiments.run(registry, p, output("b"), new Sweep.Execution(Shard.parse("1/2"), null));
        SweepSummary.Merged ab = SweepSummary.mergeFolders(dir.resolve("a"), List.of(dir.resolve("b")),
                new PrintWriter(new StringWriter()));
        assertTrue(ab.complete());
        assertEquals(records(dir.resolve("whole")), records(dir.resolve("a")));
        // folders of different sweeps are not merged
        Experiments.run(registry, plan(30, List.of("0.01"), List.of(1L)), output("c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSummary.mergeFolders(
                dir.resolve("a"), List.of(dir.resolve("c")), new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("data.dimension: 24 vs 30"), e.getMessage());
    }

    @Test
    void slicesCoverTheListExactlyOnce() {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            all.add(i);
        }
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.addAll(new Shard(i, 4).of(all));
        }
        seen.sort(null);
        assertEquals(all, seen);
        for (String bad : List.of("3/2", "0/0", "-1/2", "1", "a/b", "1/2/3")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().contains("shard"), e.getMessage());
        }
        assertEquals(new Shard(2, 5), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "2",
                "SLURM_ARRAY_TASK_COUNT", "5")));
        assertEquals(null, Shard.fromEnvironment(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "2",
                "SLURM_ARRAY_TASK_COUNT", "5", "SLURM_ARRAY_TASK_MIN", "1")));
    }

    @Test
    void aCorruptOrOtherFormRecordIsRefusedByName() throws Exception {
        Experiments.run(registry, plan(24, List.of("0.01"), List.of(1L)), output("c"));
        Path file = Files.list(dir.resolve("c/trials")).filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        String text = Files.readString(file);
        Files.writeString(file, text.replace("\"epochs\":15", "\"epochs\":16"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrialStore(dir.resolve("c")).readAll());
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(file.getFileName().toString()),
                e.getMessage());
        Files.writeString(file, text.replace("\"form\":1", "\"form\":2"));
        e = assertThrows(IllegalArgumentException.class, () -> new TrialStore(dir.resolve("c")).readAll());
        assertTrue(e.getMessage().contains("form 2"), e.getMessage());
        Files.writeString(file, text.substring(0, text.length() / 2));
        e = assertThrows(IllegalArgumentException.class, () -> new TrialStore(dir.resolve("c")).readAll());
        assertTrue(e.getMessage().contains("not a trial record"), e.getMessage());
        // a record is written once: the first stays
        Files.writeString(file, text);
        TrialRecord r = TrialRecord.read(file);
        assertFalse(new TrialStore(dir.resolve("c")).add(r));
    }
}
