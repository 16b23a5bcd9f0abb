package dev.engram.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.engram.experiments.sweep.Shard;
import dev.engram.experiments.sweep.Sweep;
import dev.engram.experiments.sweep.TrialRecord;
import dev.engram.experiments.sweep.TrialStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clusters of workers inside this JVM on 127.0.0.1 (each a real Hazelcast member with its own port), with a
 * coordinator as a Hazelcast client: the records equal those of the same sweep run locally, and a member killed
 * mid-sweep loses nothing and duplicates nothing.
 */
class ClusterSweepTest {
    @TempDir
    Path dir;

    final Registry registry = Registry.load();
    final StringWriter console = new StringWriter();
    final List<Worker> workers = new ArrayList<>();
    final ClusterSettings settings = new ClusterSettings("test-" + ProcessHandle.current().pid(), "the secret",
            "127.0.0.1", 15_000);

    @AfterEach
    void stop() {
        workers.forEach(Worker::close);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code n} workers joining the first; returns the first's address. */
    String cluster(int n) throws IOException {
        int first = freePort();
        String seed = "127.0.0.1:" + first;
        workers.add(Worker.start(settings, first, List.of(), 1, registry, null));
        for (int i = 1; i < n; i++) {
            workers.add(Worker.start(settings, freePort(), List.of(seed), 1, registry, null));
        }
        assertEquals(n, workers.get(0).clusterSize());
        return seed;
    }

    Output output(String folder) {
        return new Output(dir.resolve(folder), new PrintWriter(console, true));
    }

    /** A dam sweep whose trials take a fraction of a second each. */
    static SweepPlan plan(int epochs, List<Long> seeds) {
        ExperimentPlan e = ExperimentPlan.builder().command("sweep").name("cluster-test")
                .model("dam", Map.of("mode", "trained", "memories", 12, "epochs", epochs))
                .strategy("naive")
                .data(new DataSpec("random", 2, 48, 6, null, null, null, null, null, null, null))
                .options(new Runner.Options(new double[] {0, 0.1}, 6)).build();
        return new SweepPlan(e, Map.of("n", List.of(2, 3)), Map.of(), seeds, Sweep.Format.JSONL);
    }

    static Map<String, JsonNode> records(Path folder) throws IOException {
        Map<String, JsonNode> m = new TreeMap<>();
        for (TrialRecord r : new TrialStore(folder).readAll().values()) {
            m.put(r.id(), r.json().path("metrics"));
        }
        return m;
    }

    @Test
    void threeMembersGiveTheRecordsOfTheLocalSweep() throws Exception {
        SweepPlan p = plan(20, List.of(1L, 2L, 3L));
        Experiments.run(registry, p, output("local"));
        String seed = cluster(3);
        try (ClusterExecutor ex = ClusterExecutor.connect(settings, List.of(seed), new PrintWriter(console, true))) {
            assertTrue(ex.describe().contains("3 workers"), ex.describe());
            Experiments.run(registry, p, output("cluster"), new Sweep.Execution(Shard.ALL, ex));
        }
        Map<String, JsonNode> local = records(dir.resolve("local"));
        assertEquals(6, local.size());
        assertEquals(local, records(dir.resolve("cluster")));
        // the work was spread: more than one worker ran trials
        long workersUsed = new TrialStore(dir.resolve("cluster")).readAll().values().stream().map(TrialRecord::worker)
                .distinct().count();
        assertTrue(workersUsed >= 2, "trials ran on " + workersUsed + " worker(s)");
        assertEquals(Files.readString(dir.resolve("local/sweep.csv")), Files.readString(dir.resolve("cluster/sweep.csv")));
    }

    @Test
    void aMemberKilledMidSweepLosesNothingAndDuplicatesNothing() throws Exception {
        SweepPlan p = plan(1000, List.of(1L, 2L, 3L, 4L, 5L));
        String seed = cluster(2);
        Path out = dir.resolve("killed");
        try (ClusterExecutor ex = ClusterExecutor.connect(settings, List.of(seed), new PrintWriter(console, true))) {
            CompletableFuture<Experiments.Outcome> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return Experiments.run(registry, p, output("killed"), new Sweep.Execution(Shard.ALL, ex));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // once two trials are recorded and the second worker is in the middle of one, kill it (waiting for
            // both: killed between two trials, it would hold none, and no trial would be handed over)
            long t0 = System.nanoTime();
            while ((count(out) < 2 || workers.get(1).runningTrials() == 0) && System.nanoTime() - t0 < 60_000_000_000L
                    && !run.isDone()) {
                Thread.sleep(2);
            }
            workers.get(1).kill();
            Experiments.Outcome o = run.get(120, TimeUnit.SECONDS);
            assertEquals(10, o.rows().size());
        }
        assertEquals(10, count(out));
        // the same records as a local sweep: nothing lost, nothing duplicated, the same numbers
        Experiments.run(registry, p, output("reference"));
        assertEquals(records(dir.resolve("reference")), records(out));
        assertEquals(10, Files.readAllLines(out.resolve("trials.jsonl")).size());
        // the killed worker's trial was handed to the other one
        assertTrue(console.toString().contains("did not finish"), console.toString());
    }

    static long count(Path out) throws IOException {
        Path t = out.resolve("trials");
        if (!Files.isDirectory(t)) {
            return 0;
        }
        try (var s = Files.list(t)) {
            return s.filter(f -> f.getFileName().toString().matches("[0-9a-f]{16}\\.json")).count();
        }
    }

    /** A class loader whose service files leave out the providers whose class name contains {@code hidden}. */
    static ClassLoader hiding(String hidden, Path tmp) {
        return new ClassLoader(ClusterSweepTest.class.getClassLoader()) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws IOException {
                List<java.net.URL> out = new ArrayList<>();
                for (java.net.URL u : java.util.Collections.list(getParent().getResources(name))) {
                    if (!name.startsWith("META-INF/services/")) {
                        out.add(u);
                        continue;
                    }
                    String text;
                    try (var in = u.openStream()) {
                        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    }
                    String kept = String.join("\n", text.lines().filter(l -> !l.contains(hidden)).toList());
                    Path f = Files.createTempFile(tmp, "services", ".txt");
                    Files.writeString(f, kept);
                    out.add(f.toUri().toURL());
                }
                return java.util.Collections.enumeration(out);
            }
        };
    }

    @Test
    void aTrialGoesToTheWorkerThatHasItsModelAndFailsByNameWhenNoneHas() throws Exception {
        Registry without = Registry.load(hiding("TinyModelProvider", dir), List.of());
        assertTrue(without.models().stream().noneMatch(m -> m.name().equals("test-tiny")));
        assertTrue(registry.models().stream().anyMatch(m -> m.name().equals("test-tiny")));
        ExperimentPlan e = ExperimentPlan.builder().command("sweep").name("plugin-test")
                .model("test-tiny", Map.of("epochs", 5)).strategy("test-noop")
                .data(new DataSpec("random", 2, 24, 3, null, null, null, null, null, null, null))
                .options(new Runner.Options(new double[] {0}, 3)).build();
        SweepPlan p = new SweepPlan(e, Map.of(), Map.of(), List.of(1L, 2L, 3L, 4L), Sweep.Format.JSONL);
        // one worker lacks the model: every trial runs on the other
        int first = freePort();
        String seed = "127.0.0.1:" + first;
        workers.add(Worker.start(settings, first, List.of(), 1, without, null));
        workers.add(Worker.start(settings, freePort(), List.of(seed), 1, registry, null));
        try (ClusterExecutor ex = ClusterExecutor.connect(settings, List.of(seed), null)) {
            Experiments.run(registry, p, output("mixed"), new Sweep.Execution(Shard.ALL, ex));
        }
        assertEquals(4, records(dir.resolve("mixed")).size());
        assertEquals(Set.of(workers.get(1).address()), new TrialStore(dir.resolve("mixed")).readAll().values().stream()
                .map(TrialRecord::worker).collect(java.util.stream.Collectors.toSet()));
        // no worker has it: one line naming the worker and the model
        workers.get(1).close();
        try (ClusterExecutor ex = ClusterExecutor.connect(settings, List.of(seed), null)) {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Experiments.run(registry,
                    new SweepPlan(e, Map.of(), Map.of(), List.of(5L), Sweep.Format.JSONL), output("none"),
                    new Sweep.Execution(Shard.ALL, ex)));
            assertTrue(none.getMessage().contains("worker " + workers.get(0).address())
                    && none.getMessage().contains("unknown model 'test-tiny'")
                    && none.getMessage().contains("--plugins"), none.getMessage());
        }
    }

    @Test
    void aStrangerWithoutTheSecretIsRefused() throws Exception {
        String seed = cluster(1);
        ClusterSettings stranger = new ClusterSettings(settings.name(), "another secret", "127.0.0.1", 3_000);
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> Worker.start(stranger, freePort(), List.of(seed), 1, registry, null));
        assertTrue(w.getMessage().contains("admitted"), w.getMessage());
        assertEquals(1, workers.get(0).clusterSize());
        long t0 = System.nanoTime();
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> ClusterExecutor.connect(stranger, List.of(seed), null));
        assertTrue(c.getMessage().contains(seed) && c.getMessage().contains("within 3 s"), c.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "refused within the timeout");
        assertThrows(IllegalArgumentException.class, () -> ClusterSettings.addresses(List.of("127.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> ClusterSettings.addresses(List.of("host:70000")));
        assertTrue(!settings.hazelcastName().equals(stranger.hazelcastName()));
        assertTrue(!settings.hazelcastName().contains("the secret"));
    }
}
