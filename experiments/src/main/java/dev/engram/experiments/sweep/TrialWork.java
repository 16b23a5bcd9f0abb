package dev.engram.experiments.sweep;

import dev.engram.api.spi.Registry;
import dev.engram.experiments.RunResult;
import dev.engram.experiments.Runner;
import dev.engram.experiments.Versions;
import dev.engram.experiments.data.TaskSequence;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one trial where it is: validates it against this process's providers, checks that the key computed here is
 * the one the sweep expects (the same Engram and plugin versions, the same defaults), builds the task sequence
 * (a few sequences are kept for the next trials of the same seed) and runs it.
 */
public final class TrialWork {
    private final Registry registry;
    private final String worker;
    private final Map<String, TaskSequence> sequences = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TaskSequence> e) {
            return size() > 4;
        }
    };

    /**
     * @param worker how records name this process: {@code local}, or a worker's address
     */
    public TrialWork(Registry registry, String worker) {
        this.registry = registry;
        this.worker = worker;
    }

    public String worker() {
        return worker;
    }

    /**
     * Prepares {@code trial} here and checks its key against {@code expectedId}.
     *
     * @throws IllegalArgumentException for an unknown model or strategy, a bad parameter, or another key
     */
    public Runner.Prepared prepare(Trial trial, String expectedId) {
        Runner.Prepared p = Runner.prepare(registry, trial.model(), trial.strategy(), trial.point());
        if (expectedId != null) {
            TrialKey k = TrialKey.of(trial, p);
            if (!k.id().equals(expectedId)) {
                throw new IllegalArgumentException("worker " + worker + " computes trial id " + k.id() + " for "
                        + trial.shortLabel() + ", the sweep " + expectedId + ": it runs another version of Engram ("
                        + Versions.engram() + ") or of a plugin; give every worker the same installation");
            }
        }
        return p;
    }

    /** The task sequence of {@code trial} (built once per data settings and seed). */
    public synchronized TaskSequence sequence(Trial trial) {
        String k = TrialKey.text(trial.data()) + "|" + trial.seed();
        TaskSequence s = sequences.get(k);
        if (s == null) {
            s = trial.data().build(trial.seed());
            sequences.put(k, s);
        }
        return s;
    }

    /** Runs {@code pending} and returns its record. */
    public TrialRecord run(TrialExecutor.Pending pending) {
        long t0 = System.nanoTime();
        Trial trial = pending.trial();
        Runner.Prepared p = prepare(trial, pending.key().id());
        TaskSequence seq = sequence(trial);
        RunResult r = Runner.run(registry, p, seq, trial.seed(), trial.options(), Runner.Listener.NONE);
        return TrialRecord.of(pending.key(), trial, r, provenance(r, (System.nanoTime() - t0) / 1e9));
    }

    private Map<String, Object> provenance(RunResult r, double wall) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("worker", worker);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        m.put("host", host);
        m.put("pid", ProcessHandle.current().pid());
        m.putAll(Versions.of(registry));
        String threads = System.getProperty("engram.threads");
        m.put("threads", threads == null ? "default" : threads);
        m.put("seconds", r.seconds());
        m.put("wall-seconds", wall);
        m.put("finished", Instant.now().toString());
        return m;
    }
}
