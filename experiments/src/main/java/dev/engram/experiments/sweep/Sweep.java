package dev.engram.experiments.sweep;

import dev.engram.api.spi.Registry;
import dev.engram.experiments.Runner;
import dev.engram.experiments.io.Json;
import dev.engram.experiments.io.OnInterrupt;
import dev.engram.experiments.io.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a sweep: a deterministic list of {@link Trial}s, each identified by its whole configuration
 * ({@link TrialKey}). The pieces:
 * <ul>
 *   <li>the trial list ({@link Trial#ofGrid}, {@link Trial#ofPoints}) and this process's slice of it
 *       ({@link Shard});</li>
 *   <li>the store ({@link TrialStore}): one file per finished trial under {@code trials/}; a trial with a
 *       record is never run again, so a sweep started again resumes, and records of another configuration are
 *       never taken for this one;</li>
 *   <li>the executor ({@link TrialExecutor}): this process ({@link LocalExecutor}) or a cluster;</li>
 *   <li>the summary ({@link SweepSummary}): rebuilt from the records after the trials, and by
 *       {@code engram sweep merge}.</li>
 * </ul>
 * The caller holds the output folder ({@link dev.engram.experiments.io.FolderLock}) while this runs.
 */
public final class Sweep {

    /** The combined log written by the summary. */
    public enum Format {
        JSONL("trials.jsonl"), CSV("trials.csv");

        final String file;

        Format(String file) {
            this.file = file;
        }

        public String file() {
            return file;
        }

        public static Format of(String s) {
            return switch (s) {
                case "jsonl" -> JSONL;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("sweep format '" + s + "' is unknown; accepted: jsonl, csv");
            };
        }
    }

    /**
     * What a sweep is called and how it is summarised.
     *
     * @param name   titles
     * @param xKey   the grid parameter on the plots' x axis ({@code model.n}); null: the first numeric one
     * @param format the combined log's format
     * @param config the configuration as the user gave it, recorded in {@code sweep.json}
     */
    public record Setup(String name, String xKey, Format format, Map<String, Object> config) {
        public Setup {
            format = format == null ? Format.JSONL : format;
            config = config == null ? Map.of() : config;
        }
    }

    /**
     * How and where the trials run: this process's slice, and the executor (null: this process).
     */
    public record Execution(Shard shard, TrialExecutor executor) {
        public static final Execution LOCAL = new Execution(Shard.ALL, null);

        public Execution {
            shard = shard == null ? Shard.ALL : shard;
        }
    }

    private Sweep() {
    }

    /**
     * Validates every trial (unknown names, bad parameters) and computes its key; nothing is written.
     *
     * @throws IllegalArgumentException naming the first bad trial
     */
    public static List<TrialExecutor.Pending> keys(Registry registry, List<Trial> trials) {
        List<TrialExecutor.Pending> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Trial t : trials) {
            Runner.Prepared p = Runner.prepare(registry, t.model(), t.strategy(), t.point());
            TrialKey k = TrialKey.of(t, p);
            if (!ids.add(k.id())) {
                throw new IllegalArgumentException("the sweep lists one trial twice (" + t.shortLabel()
                        + "): a grid value or a seed is repeated, e.g. 1e4 and 10000");
            }
            out.add(new TrialExecutor.Pending(t, k));
        }
        return out;
    }

    /** The identity of a sweep of these trials (what its output folder is claimed with). */
    public static String identity(List<TrialExecutor.Pending> trials) {
        Set<String> f = new java.util.TreeSet<>();
        for (TrialExecutor.Pending p : trials) {
            f.add(p.key().family());
        }
        return SweepSummary.identity(f);
    }

    /**
     * What differs between the sweep whose description is in {@code dir} and a sweep of {@code trials}, for the
     * message that refuses the folder; null when nothing readable is there.
     */
    public static String differenceFrom(Path dir, Setup setup, List<TrialExecutor.Pending> trials) {
        try {
            com.fasterxml.jackson.databind.JsonNode there = SweepSummary.read(dir);
            com.fasterxml.jackson.databind.JsonNode here = Json.mapper().valueToTree(SweepSummary.describe(setup.name(),
                    setup.xKey(), setup.format(), trials, setup.config()));
            return SweepSummary.difference(there, here);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Runs the trials of {@code execution}'s slice that have no record in {@code dir} yet, storing each as it
     * finishes, then merges the folder's summary.
     *
     * @return the summary of the folder after the trials
     */
    public static SweepSummary.Merged run(Registry registry, Setup setup, List<TrialExecutor.Pending> trials,
                                          Execution execution, Path dir, PrintWriter console) throws IOException {
        TrialStore store = new TrialStore(dir);
        Map<String, Object> description = SweepSummary.describe(setup.name(), setup.xKey(), setup.format(), trials,
                setup.config());
        // the versions of the process that planned the sweep, for the report every merge writes
        description.put("versions", dev.engram.experiments.Versions.of(registry));
        Json.write(dir.resolve(SweepSummary.SWEEP_FILE), description);
        List<TrialExecutor.Pending> mine = execution.shard().of(trials);
        List<TrialExecutor.Pending> pending = new ArrayList<>();
        for (TrialExecutor.Pending p : mine) {
            if (!store.has(p.key().id())) {
                pending.add(p);
            }
        }
        LocalExecutor local = execution.executor() == null ? new LocalExecutor(registry) : null;
        TrialExecutor executor = local != null ? local : execution.executor();
        if (executor.local()) {
            check(registry, pending, local != null ? local.work() : new TrialWork(registry, "local"));
        }
        String slice = execution.shard().whole() ? "" : ", slice " + execution.shard() + ": " + mine.size();
        console.printf(Locale.ROOT, "engram: sweep '%s' (%d trials%s) on %s -> %s%n", setup.name(), trials.size(), slice,
                executor.describe(), dir);
        if (pending.size() < mine.size()) {
            console.printf(Locale.ROOT, "Resuming: %d of %d trials already in %s%n", mine.size() - pending.size(),
                    mine.size(), store.folder());
        }
        console.flush();
        // Ctrl-C or a kill: the summary and plots of the trials recorded so far, and one line; the same command
        // resumes (every finished trial is its own file already)
        OnInterrupt interrupt = OnInterrupt.install("engram-sweep-interrupted", () -> {
            try {
                SweepSummary.Merged m = SweepSummary.merge(dir, new PrintWriter(java.io.Writer.nullWriter()));
                System.err.println("engram: interrupted: " + m.done() + " of " + m.planned() + " trials are recorded in "
                        + store.folder() + " (summary and plots of those written); the same command resumes");
            } catch (IOException | RuntimeException e) {
                System.err.println("engram: interrupted; the finished trials are in " + store.folder());
            }
            System.err.flush();
        });
        try (Progress bar = Progress.start(setup.name(), pending.size(), "trials")) {
            executor.execute(pending, new TrialExecutor.Sink() {
                @Override
                public void started(TrialExecutor.Pending trial, String worker) {
                    bar.message(trial.trial().shortLabel());
                }

                @Override
                public void finished(TrialExecutor.Pending trial, TrialRecord record) throws IOException {
                    if (!record.id().equals(trial.key().id())) {
                        throw new IllegalStateException("the record of " + trial.trial().shortLabel() + " has id "
                                + record.id() + ", not " + trial.key().id());
                    }
                    store.add(record);
                    bar.step(trial.trial().shortLabel());
                    if (bar.isQuiet()) {
                        console.printf(Locale.ROOT, "  %-60s ACC %s  BWT %s  (%.1f s, %s)%n", trial.trial().shortLabel(),
                                SweepSummary.f(record.metric("acc")), SweepSummary.f(record.metric("bwt")),
                                record.seconds(), record.worker());
                        console.flush();
                    }
                }
            });
        } finally {
            if (local != null) {
                local.close();
            }
            interrupt.close();
        }
        return SweepSummary.merge(dir, console);
    }

    /** The data exist and every pending strategy can work with its model (checked on fresh ones). */
    private static void check(Registry registry, List<TrialExecutor.Pending> pending, TrialWork work) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (TrialExecutor.Pending p : pending) {
            p.trial().data().check();
            String k = p.key().point() + "|" + p.trial().seed();
            if (seen.put(k, Boolean.TRUE) != null) {
                continue;
            }
            Runner.Prepared prepared = work.prepare(p.trial(), null);
            String why = Runner.incompatibility(registry, prepared, work.sequence(p.trial()).dimension(),
                    p.trial().seed());
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }
    }
}
