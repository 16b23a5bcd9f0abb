package dev.engram.experiments;

import dev.engram.api.spi.Registry;
import dev.engram.experiments.data.TaskSequence;
import dev.engram.experiments.io.Json;
import dev.engram.experiments.io.OnInterrupt;
import dev.engram.experiments.io.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Several runs (model x strategy), each on the task sequence of every seed, written into one folder:
 * {@code results.json} is rewritten atomically after every task of every run, so an interrupted experiment leaves
 * every finished result on disk; at the end the CSV files, the plots and {@code report.html} are written and the
 * table printed (with 95 % intervals over the seeds when there are several).
 */
public final class Experiment {
    private Experiment() {
    }

    /** As {@link #run(Registry, String, List, List, LongFunction, Runner.Options, Path, Map, PrintWriter)} for one seed. */
    public static List<RunResult> run(Registry registry, String title, List<Runner.Prepared> runs, TaskSequence seq,
                                      long seed, Runner.Options options, Path out, Map<String, Object> config,
                                      PrintWriter stdout) throws IOException {
        return run(registry, title, runs, List.of(seed), s -> seq, options, out, config, stdout);
    }

    /**
     * Runs every prepared run on the sequence of every seed (seeds outer) and writes the results into {@code out}.
     *
     * @param sequences the task sequence of a seed
     * @param config    what was asked (flags or config file), recorded in results.json
     */
    public static List<RunResult> run(Registry registry, String title, List<Runner.Prepared> runs, List<Long> seeds,
                                      LongFunction<TaskSequence> sequences, Runner.Options options, Path out,
                                      Map<String, Object> config, PrintWriter stdout) throws IOException {
        List<RunResult> finished = new ArrayList<>();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RunResult[] current = new RunResult[1];
        Path json = out.resolve("results.json");
        TaskSequence firstSeq = sequences.apply(seeds.get(0));
        Map<String, Object> sequenceSettings = firstSeq.settings();
        // Ctrl-C or a kill (SIGINT, SIGTERM): results.json says "interrupted", the plots of what finished are
        // written, one line says so; the JVM then exits (130 for SIGINT, 143 for SIGTERM)
        try (OnInterrupt interrupt = OnInterrupt.install("engram-interrupted", () -> {
            List<RunResult> all = new ArrayList<>(finished);
            if (current[0] != null && !finished.contains(current[0])) {
                all.add(current[0]);
            }
            try {
                Json.write(json, document(registry, title, all, sequenceSettings, seeds, config, started, t0,
                        "interrupted"));
                String plots = "";
                if (!all.isEmpty()) {
                    try {
                        Report.write(out, title, all, null);
                    } catch (IOException | RuntimeException e) {
                        plots = " (the plots could not be drawn: " + e.getMessage() + ")";
                    }
                }
                System.err.println("engram: interrupted: results.json is marked \"interrupted\"; "
                        + finished.size() + " finished run(s) and the tasks done so far are in " + out + plots);
            } catch (IOException | RuntimeException e) {
                System.err.println("engram: interrupted; results.json could not be written: " + e.getMessage());
            }
            System.err.flush();
        })) {
            try (Progress bar = Progress.start(title, (long) runs.size() * seeds.size() * firstSeq.size(), "tasks")) {
                for (long seed : seeds) {
                    TaskSequence seq = seed == seeds.get(0) ? firstSeq : sequences.apply(seed);
                    for (Runner.Prepared p : runs) {
                        current[0] = null;
                        RunResult r;
                        try {
                            r = Runner.run(registry, p, seq, seed, options, new Runner.Listener() {
                                @Override
                                public void taskDone(RunResult partial) {
                                    bar.step(p.label() + (seeds.size() > 1 ? " seed " + seed : "") + " task " + partial.done());
                                    try {
                                        interrupt.whileRunning(() -> {
                                            current[0] = partial;
                                            List<RunResult> all = new ArrayList<>(finished);
                                            all.add(partial);
                                            Json.write(json, document(registry, title, all, sequenceSettings, seeds, config,
                                                    started, t0, "running"));
                                        });
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                }

                                @Override
                                public void epochDone(String label, int task, int epoch, int epochs) {
                                    bar.message(label + " task " + (task + 1) + " epoch " + (epoch + 1) + "/" + epochs);
                                }
                            });
                        } catch (RuntimeException | OutOfMemoryError e) {
                            // a run that fails (training diverged, out of memory, say) leaves what finished, marked failed
                            // with the reason (the failed allocation is not held, so there is room to write it)
                            String error = e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage() + ")"
                                    : e.getMessage();
                            markFailed(json, error, e, finished, current[0],
                                    (all, status) -> document(registry, title, all, sequenceSettings, seeds, config,
                                            started, t0, status));
                            throw e;
                        }
                        RunResult done = r;
                        try {
                            interrupt.whileRunning(() -> {
                                finished.add(done);
                                current[0] = null;
                                boolean last = finished.size() == runs.size() * seeds.size();
                                Json.write(json, document(registry, title, finished, sequenceSettings, seeds, config,
                                        started, t0, last ? "complete" : "running"));
                            });
                        } catch (IOException e) {
                            // a full disk: results.json keeps the tasks it held, marked failed
                            markFailed(json, e.getMessage(), e, finished, null,
                                    (all, status) -> document(registry, title, all, sequenceSettings, seeds, config,
                                            started, t0, status));
                            throw e;
                        }
                    }
                }
            }
        }
        List<Path> files = Report.write(out, title, finished, stdout);
        Report.table(stdout, finished);
        HtmlReport.forExperiment(out, title, readBack(json), finished, files, stdout);
        return finished;
    }

    /**
     * Marks {@code json} "failed" with {@code error} after a run failed, with every finished task. When the disk is
     * too full for that (the failure was writing the newest task, and an atomic rewrite needs room for the old file
     * and the new one), the last complete results.json keeps its content and only its status word is overwritten in
     * place ("running" becomes "failed", the same number of bytes, no new space needed); the error is then only on
     * stderr.
     */
    private static void markFailed(Path json, String error, Throwable failure, List<RunResult> finished,
                                   RunResult current,
                                   java.util.function.BiFunction<List<RunResult>, String, Map<String, Object>> document) {
        List<RunResult> all = new ArrayList<>(finished);
        if (current != null) {
            all.add(current);
        }
        Map<String, Object> doc = document.apply(all, "failed");
        doc.put("error", error);
        try {
            Json.write(json, doc);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            try {
                Json.patchStatusInPlace(json, "running", "failed");
            } catch (IOException | RuntimeException e2) {
                failure.addSuppressed(e2);
            }
        }
    }

    private static Map<String, Object> readBack(Path json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Json.mapper().readValue(json.toFile(), LinkedHashMap.class);
            return m;
        } catch (IOException e) {
            return Map.of();
        }
    }

    static Map<String, Object> document(Registry registry, String title, List<RunResult> runs,
                                        Map<String, Object> sequence, List<Long> seeds, Map<String, Object> config,
                                        Instant started, long t0, String status) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", title);
        d.put("status", status);
        d.put("versions", Versions.of(registry));
        d.put("seed", seeds.get(0));
        d.put("seeds", seeds);
        d.put("config", config);
        d.put("sequence", sequence);
        d.put("runs", runs.stream().map(RunResult::toMap).toList());
        d.put("summary", Report.summary(runs));
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("started", started.toString());
        tm.put("wall-seconds", (System.nanoTime() - t0) / 1e9);
        d.put("timings", tm);
        return d;
    }
}
