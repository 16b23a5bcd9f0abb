package dev.engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.experiments.io.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through {@code bin/engram}, every part its own process on 127.0.0.1: two {@code engram worker}s and
 * {@code engram sweep --cluster}; a worker killed with SIGKILL and a coordinator killed and started again lose
 * no trial and record none twice; a second writer on a folder in use gets exit 2 naming the holder.
 */
class ClusterIT {
    @TempDir
    Path dir;

    final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    ProcessBuilder engram(String name, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("engram.launcher"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("ENGRAM_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("ENGRAM_CLUSTER_SECRET", "it-secret");
        pb.environment().put("ENGRAM_JAVA_OPTS", "-Dengram.threads=1");
        pb.redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        return pb;
    }

    Process start(String name, String... args) throws IOException {
        Process p = engram(name, args).start();
        started.add(p);
        return p;
    }

    int run(String name, String... args) throws Exception {
        Process p = start(name, args);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), name + " did not finish");
        return p.exitValue();
    }

    String out(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".out")) + Files.readString(dir.resolve(name + ".err"));
    }

    /** Waits until the worker's first line says it is in the cluster with {@code members} workers. */
    void awaitWorker(String name, int members) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 60_000_000_000L) {
            String o = Files.exists(dir.resolve(name + ".out")) ? Files.readString(dir.resolve(name + ".out")) : "";
            if (o.contains("with " + members + " worker")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not join: " + out(name));
    }

    static final String[] SWEEP = {"sweep", "--model", "dam", "--model-param", "mode=trained", "--model-param",
        "memories=12", "--model-param", "epochs=1500", "--strategy", "naive", "--tasks", "2", "--dimension", "48",
        "--items", "6", "--noise", "0,0.1", "--noise-probes", "6", "--model-grid", "n=2,3", "--seeds", "1,2,3,4"};

    static String[] with(String[] a, String... more) {
        String[] r = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, r, a.length, more.length);
        return r;
    }

    static Map<String, JsonNode> records(Path folder) throws IOException {
        Map<String, JsonNode> m = new TreeMap<>();
        try (var s = Files.list(folder.resolve("trials"))) {
            for (Path f : s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{16}\\.json")).toList()) {
                JsonNode n = Json.read(f);
                m.put(n.path("id").asText(), n.path("metrics"));
            }
        }
        return m;
    }

    static long count(Path out) throws IOException {
        if (!Files.isDirectory(out.resolve("trials"))) {
            return 0;
        }
        try (var s = Files.list(out.resolve("trials"))) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{16}\\.json")).count();
        }
    }

    static void awaitRecords(Path out, long n, Process p) throws Exception {
        long t0 = System.nanoTime();
        while (count(out) < n && p.isAlive() && System.nanoTime() - t0 < 120_000_000_000L) {
            Thread.sleep(20);
        }
    }

    @Test
    void workersSweepAndSurviveKills() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        String seed = "127.0.0.1:" + p1;
        start("w1", "worker", "--port", Integer.toString(p1));
        awaitWorker("w1", 1);
        Process w2 = start("w2", "worker", "--port", Integer.toString(p2), "--join", seed);
        awaitWorker("w2", 2);

        // the reference: the same sweep in one process
        assertEquals(0, run("local", with(SWEEP, "--out", "local")), out("local"));
        Map<String, JsonNode> reference = records(dir.resolve("local"));
        assertEquals(8, reference.size());

        // a sweep on the cluster; the second worker is killed (SIGKILL) once two trials are in
        Path out = dir.resolve("c");
        Process sweep = start("sweep", with(SWEEP, "--cluster", seed, "--out", "c"));
        awaitRecords(out, 2, sweep);
        w2.destroyForcibly();
        assertTrue(sweep.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, sweep.exitValue(), out("sweep"));
        assertTrue(out("sweep").contains("2 workers"), out("sweep"));
        assertEquals(reference, records(out), "every trial once, with the local numbers");

        // a coordinator killed mid-sweep and started again: nothing lost, nothing twice
        Path out2 = dir.resolve("c2");
        Process first = start("coordinator1", with(SWEEP, "--cluster", seed, "--out", "c2"));
        awaitRecords(out2, 2, first);
        first.destroyForcibly();
        first.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, run("coordinator2", with(SWEEP, "--cluster", seed, "--out", "c2")), out("coordinator2"));
        assertTrue(out("coordinator2").contains("Resuming"), out("coordinator2"));
        assertEquals(reference, records(out2));
        assertEquals(8, Files.readAllLines(out2.resolve("trials.jsonl")).size());

        // a second writer on a folder in use
        Process holder = start("holder", with(SWEEP, "--cluster", seed, "--out", "busy", "--seeds", "5,6,7,8,9,10"));
        awaitRecords(dir.resolve("busy"), 1, holder);
        int code = run("second", with(SWEEP, "--out", "busy"));
        assertEquals(2, code, out("second"));
        assertTrue(out("second").contains("in use by another engram (pid " + holder.pid()), out("second"));
        holder.destroyForcibly();
    }

    @Test
    void anUnreachableClusterIsRefusedWithinTheTimeout() throws Exception {
        long t0 = System.nanoTime();
        int code = run("nobody", with(SWEEP, "--cluster", "127.0.0.1:" + freePort(), "--connect-timeout", "3",
                "--out", "x"));
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(2, code, out("nobody"));
        assertTrue(out("nobody").contains("no engram worker answered at 127.0.0.1:"), out("nobody"));
        assertTrue(s < 30, "took " + s + " s");
        assertTrue(!Files.exists(dir.resolve("x")), "nothing was written");
    }
}
