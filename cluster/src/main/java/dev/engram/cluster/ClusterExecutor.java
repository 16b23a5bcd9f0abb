package dev.engram.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import dev.engram.experiments.sweep.TrialExecutor;
import dev.engram.experiments.sweep.TrialRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A sweep's coordinator: a Hazelcast client of the workers' cluster. It keeps every worker's slots busy with
 * the pending trials (one trial per free slot, so a fast worker takes more), hands each finished record to the
 * sweep, and sends the trials of a worker that leaves (killed, network gone) to the others. A trial is recorded
 * once: the sweep's store keeps the first record of an id, and a record a worker finished while this coordinator
 * was away is picked up from the cluster's results map when a coordinator starts again.
 */
public final class ClusterExecutor implements TrialExecutor {
    /** How often a trial may be lost with its worker before the sweep gives up on it. */
    static final int MAX_ATTEMPTS = 5;

    private final HazelcastInstance client;
    private final PrintWriter log;
    private final ClusterSettings settings;
    private final List<String> addresses;

    private ClusterExecutor(HazelcastInstance client, ClusterSettings settings, List<String> addresses, PrintWriter log) {
        this.client = client;
        this.settings = settings;
        this.addresses = addresses;
        this.log = log;
    }

    /**
     * Connects to the cluster at {@code addresses}.
     *
     * @throws IllegalArgumentException within the settings' connect timeout when no member answers with this
     *                                  cluster name and secret, naming the addresses tried
     */
    public static ClusterExecutor connect(ClusterSettings settings, List<String> addresses, PrintWriter log) {
        List<String> a = ClusterSettings.addresses(addresses);
        HazelcastInstance c;
        try {
            c = HazelcastClient.newHazelcastClient(settings.client(a));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("no engram worker answered at " + String.join(", ", a) + " within "
                    + settings.connectTimeoutMs() / 1000 + " s (none running there, or another --cluster-name or "
                    + "secret)", e);
        }
        return new ClusterExecutor(c, settings, a, log);
    }

    private List<Member> workers() {
        List<Member> out = new ArrayList<>();
        for (Member m : client.getCluster().getMembers()) {
            if (m.getAttribute(ClusterSettings.WORKER_ATTRIBUTE) != null) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public String describe() {
        List<Member> w = workers();
        return "cluster '" + settings.name() + "' (" + w.size() + " worker" + (w.size() == 1 ? "" : "s") + ": "
                + String.join(", ", w.stream().map(Worker::name).toList()) + ")";
    }

    private record Done(Pending trial, UUID member, String worker, String answer, Throwable error, long submitted,
                        long answered) {
    }

    /** Milliseconds from submission to result minus the trial's own run time, of every trial of the last execute. */
    private final List<Double> overheads = new ArrayList<>();

    /**
     * The coordination cost of each trial of the last {@link #execute}: wall time from submission to the result's
     * arrival minus the seconds the worker spent running it, in milliseconds.
     */
    public List<Double> overheadsMillis() {
        return List.copyOf(overheads);
    }

    @Override
    public void execute(List<Pending> pending, Sink sink) throws IOException {
        IMap<String, String> results = client.getMap(ClusterSettings.RESULTS);
        IExecutorService exec = client.getExecutorService(ClusterSettings.EXECUTOR);
        Deque<Pending> queue = new ArrayDeque<>();
        // records finished while no coordinator was there
        for (Pending p : pending) {
            String r = Retry.quietly(() -> results.get(p.key().id()));
            if (r != null) {
                store(p, TrialRecord.parse(r, "the cluster's record of " + p.key().id()), sink, results);
            } else {
                queue.add(p);
            }
        }
        BlockingQueue<Done> events = new LinkedBlockingQueue<>();
        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        UUID listener = client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                changes.add(Worker.name(e.getMember()) + " joined");
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                changes.add(Worker.name(e.getMember()) + " left");
            }
        });
        Map<UUID, Integer> busy = new HashMap<>();
        Map<String, Set<UUID>> refused = new HashMap<>();
        Map<String, String> refusal = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        int inFlight = 0;
        long noWorkersSince = -1;
        overheads.clear();
        try {
            while (!queue.isEmpty() || inFlight > 0) {
                for (String c; (c = changes.poll()) != null; ) {
                    note("cluster: " + c + " (" + workers().size() + " workers)");
                }
                List<Member> members = workers();
                if (members.isEmpty() && inFlight == 0) {
                    if (noWorkersSince < 0) {
                        noWorkersSince = System.nanoTime();
                        note("cluster: no worker left; waiting up to " + settings.connectTimeoutMs() / 1000
                                + " s for one to join");
                    } else if (System.nanoTime() - noWorkersSince > settings.connectTimeoutMs() * 1_000_000L) {
                        throw new IllegalArgumentException("the cluster at " + String.join(", ", addresses)
                                + " has no worker; " + queue.size() + " trials were not run (start 'engram worker' and run "
                                + "the sweep again: it resumes)");
                    }
                } else {
                    noWorkersSince = -1;
                }
                for (Member m : members) {
                    int slots = slots(m);
                    while (busy.getOrDefault(m.getUuid(), 0) < slots) {
                        Pending next = takeFor(queue, m.getUuid(), refused);
                        if (next == null) {
                            break;
                        }
                        busy.merge(m.getUuid(), 1, Integer::sum);
                        inFlight++;
                        sink.started(next, Worker.name(m));
                        submit(exec, next, m, events);
                    }
                }
                // a trial every present worker refused cannot run
                for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
                    Pending p = it.next();
                    Set<UUID> r = refused.get(p.key().id());
                    if (r != null && !members.isEmpty() && members.stream().allMatch(m -> r.contains(m.getUuid()))) {
                        throw new IllegalArgumentException(refusal.get(p.key().id()));
                    }
                }
                Done d;
                try {
                    d = events.poll(250, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the cluster", e);
                }
                if (d == null) {
                    continue;
                }
                inFlight--;
                busy.merge(d.member(), -1, Integer::sum);
                String id = d.trial().key().id();
                if (d.error() != null) {
                    // the worker left (or the connection broke) mid-trial: another worker runs it
                    String finished = Retry.quietly(() -> results.get(id));
                    if (finished != null) {
                        store(d.trial(), TrialRecord.parse(finished, "the cluster's record of " + id), sink, results);
                        continue;
                    }
                    int n = attempts.merge(id, 1, Integer::sum);
                    if (n >= MAX_ATTEMPTS) {
                        throw new IOException("trial " + d.trial().trial().shortLabel() + " was lost " + n
                                + " times with its worker (last: " + d.worker() + ", " + d.error() + ")");
                    }
                    note("cluster: " + d.worker() + " did not finish " + d.trial().trial().shortLabel() + " ("
                            + d.error().getClass().getSimpleName() + "); it goes to another worker");
                    queue.addFirst(d.trial());
                    continue;
                }
                switch (TrialTask.kind(d.answer())) {
                    case "ok" -> {
                        TrialRecord r = TrialRecord.parse(TrialTask.body(d.answer()), "the record from " + d.worker());
                        overheads.add((d.answered() - d.submitted()) / 1e6 - r.json().path("provenance")
                                .path("wall-seconds").asDouble(0) * 1000);
                        store(d.trial(), r, sink, results);
                    }
                    case "refused" -> {
                        refused.computeIfAbsent(id, k -> new HashSet<>()).add(d.member());
                        refusal.put(id, TrialTask.body(d.answer()));
                        queue.addFirst(d.trial());
                    }
                    default -> throw new IllegalStateException("trial " + d.trial().trial().shortLabel() + " failed on "
                            + TrialTask.body(d.answer()));
                }
            }
        } finally {
            client.getCluster().removeMembershipListener(listener);
        }
        if (!overheads.isEmpty()) {
            double[] o = overheads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            note(String.format(Locale.ROOT, "cluster: coordination per trial (submission to result, minus the run): "
                    + "median %.1f ms over %d trials", o[o.length / 2], o.length));
        }
    }

    private void store(Pending p, TrialRecord r, Sink sink, IMap<String, String> results) throws IOException {
        sink.finished(p, r);
        // best effort: an entry left behind is harmless (the store keeps the first record of an id)
        Retry.quietly(() -> {
            results.delete(p.key().id());
            return null;
        });
    }

    private static int slots(Member m) {
        try {
            return Math.max(1, Integer.parseInt(m.getAttribute(ClusterSettings.SLOTS_ATTRIBUTE)));
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** The first queued trial {@code member} has not refused. */
    private static Pending takeFor(Deque<Pending> queue, UUID member, Map<String, Set<UUID>> refused) {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            Set<UUID> r = refused.get(p.key().id());
            if (r == null || !r.contains(member)) {
                it.remove();
                return p;
            }
        }
        return null;
    }

    private static void submit(IExecutorService exec, Pending p, Member m, BlockingQueue<Done> events) {
        String worker = Worker.name(m);
        long t0 = System.nanoTime();
        try {
            exec.submitToMember(new TrialTask(p.trial().toJson(), p.key().id()), m, new ExecutionCallback<String>() {
                @Override
                public void onResponse(String answer) {
                    events.add(new Done(p, m.getUuid(), worker, answer, null, t0, System.nanoTime()));
                }

                @Override
                public void onFailure(Throwable t) {
                    events.add(new Done(p, m.getUuid(), worker, null, t, t0, System.nanoTime()));
                }
            });
        } catch (RuntimeException e) {
            events.add(new Done(p, m.getUuid(), worker, null, e, t0, System.nanoTime()));
        }
    }

    private void note(String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
