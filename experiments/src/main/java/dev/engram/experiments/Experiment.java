package dev.engram.experiments;

import dev.engram.api.spi.Registry;
import dev.engram.experiments.data.TaskSequence;
import dev.engram.experiments.io.Json;
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

/**
 * Several runs (model x strategy) on one task sequence, written into one folder: {@code results.json} is rewritten
 * atomically after every task of every run, so an interrupted experiment leaves every finished result on disk;
 * at the end the CSV files and plots are written and the compact table printed.
 */
public final class Experiment {
    private Experiment() {
    }

    /**
     * Runs every prepared run on {@code seq} and writes the results into {@code out}.
     *
     * @param config what was asked (flags or config file), recorded in results.json
     */
    public static List<RunResult> run(Registry registry, String title, List<Runner.Prepared> runs, TaskSequence seq,
                                      long seed, Runner.Options options, Path out, Map<String, Object> config,
                                      PrintWriter stdout) throws IOException {
        List<RunResult> finished = new ArrayList<>();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RunResult[] current = new RunResult[1];
        Path json = out.resolve("results.json");
        try (Progress bar = Progress.start(title, (long) runs.size() * seq.size())) {
            for (Runner.Prepared p : runs) {
                current[0] = null;
                RunResult r;
                try {
                    r = Runner.run(registry, p, seq, seed, options, new Runner.Listener() {
                        @Override
                        public void taskDone(RunResult partial) {
                            current[0] = partial;
                            bar.step();
                            try {
                                List<RunResult> all = new ArrayList<>(finished);
                                all.add(partial);
                                Json.write(json, document(registry, title, all, seq, seed, config, started, t0,
                                        "running"));
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
                    List<RunResult> all = new ArrayList<>(finished);
                    if (current[0] != null) {
                        all.add(current[0]);
                    }
                    Map<String, Object> doc = document(registry, title, all, seq, seed, config, started, t0, "failed");
                    doc.put("error", e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage() + ")" : e.getMessage());
                    Json.write(json, doc);
                    throw e;
                }
                finished.add(r);
                Json.write(json, document(registry, title, finished, seq, seed, config, started, t0,
                        finished.size() == runs.size() ? "complete" : "running"));
            }
        }
        Report.write(out, title, finished);
        Report.table(stdout, finished);
        return finished;
    }

    static Map<String, Object> document(Registry registry, String title, List<RunResult> runs, TaskSequence seq,
                                        long seed, Map<String, Object> config, Instant started, long t0, String status) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", title);
        d.put("status", status);
        d.put("versions", Versions.of(registry));
        d.put("seed", seed);
        d.put("config", config);
        d.put("sequence", seq.settings());
        d.put("runs", runs.stream().map(RunResult::toMap).toList());
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("started", started.toString());
        tm.put("wall-seconds", (System.nanoTime() - t0) / 1e9);
        d.put("timings", tm);
        return d;
    }
}
