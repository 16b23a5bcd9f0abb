package dev.engram.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.engram.experiments.sweep.Trial;
import dev.engram.experiments.sweep.TrialExecutor;
import dev.engram.experiments.sweep.TrialKey;
import dev.engram.experiments.sweep.TrialRecord;
import dev.engram.experiments.sweep.TrialWork;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One trial sent to a worker: the trial as JSON and the id the coordinator computed. On the worker it runs with
 * the worker's registry; the record goes into the cluster's results map (so that a coordinator started again
 * finds it) and back to the caller. The answer is a one-line envelope: {@code ok <record>}, {@code refused
 * <reason>} (the worker lacks a model, a strategy or a data set: another worker may have it) or {@code failed
 * <reason>} (the trial itself failed, e.g. training diverged).
 */
final class TrialTask implements Callable<String>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String trial;
    private final String id;
    private transient HazelcastInstance hz;

    TrialTask(String trial, String id) {
        this.trial = trial;
        this.id = id;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public String call() {
        TrialWork work = (TrialWork) hz.getUserContext().get(Worker.WORK);
        if (work == null) {
            return "refused member " + hz.getCluster().getLocalMember() + " is not an engram worker";
        }
        String done = Retry.quietly(() -> hz.<String, String>getMap(ClusterSettings.RESULTS).get(id));
        if (done != null) {
            return "ok " + done;
        }
        Trial t;
        dev.engram.experiments.Runner.Prepared p;
        try {
            t = Trial.fromJson(trial);
            p = work.prepare(t, id);
            if (!t.data().kindOrDefault().equals("random")) {
                t.data().check();
            }
        } catch (IllegalArgumentException e) {
            return "refused worker " + work.worker() + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().startsWith("unknown ")
                    ? " (start every worker with the same --plugins DIR)" : "");
        }
        String text;
        AtomicInteger count = (AtomicInteger) hz.getUserContext().get(Worker.RUNNING);    // made with WORK
        count.incrementAndGet();
        try {
            TrialKey key = TrialKey.of(t, p);
            TrialRecord r = work.run(new TrialExecutor.Pending(t, key));
            text = r.text();
        } catch (RuntimeException e) {
            return "failed worker " + work.worker() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
        } finally {
            count.decrementAndGet();
        }
        // kept in the cluster for a coordinator that is not there to take the answer; if the map cannot take it
        // now (a member just left), the answer still carries it
        Retry.quietly(() -> {
            hz.<String, String>getMap(ClusterSettings.RESULTS).set(id, text);
            return Boolean.TRUE;
        });
        return "ok " + text;
    }

    /** For tests: the envelope's kind. */
    static String kind(String envelope) {
        int sp = envelope.indexOf(' ');
        return sp < 0 ? envelope : envelope.substring(0, sp);
    }

    static String body(String envelope) {
        int sp = envelope.indexOf(' ');
        return sp < 0 ? "" : envelope.substring(sp + 1);
    }

    static Map<String, String> describe(TrialTask t) {
        return Map.of("id", t.id);
    }
}
