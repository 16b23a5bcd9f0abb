package dev.engram.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.engram.api.spi.Registry;
import dev.engram.experiments.sweep.TrialWork;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engram worker: a member of the cluster that runs the trials coordinators hand it ({@code slots} at a
 * time), with the models and strategies of its own registry (so every worker needs the same plugins).
 */
public final class Worker implements AutoCloseable {
    /** Where a member keeps its {@link TrialWork} (Hazelcast's user context). */
    static final String WORK = "engram.work";
    /** Where a member counts the trials it is running now (an {@code AtomicInteger} in the user context). */
    static final String RUNNING = "engram.running";

    private final HazelcastInstance hz;
    private final String address;

    private Worker(HazelcastInstance hz, String address) {
        this.hz = hz;
        this.address = address;
    }

    /**
     * Starts a worker on {@code settings.iface():port} that joins the members at {@code join} (empty: it starts a
     * cluster of its own that others join).
     *
     * @param slots trials this worker runs at once (each with the process's training threads)
     * @throws IllegalArgumentException when {@code join} names other members and none of them admitted this one
     *                                  (unreachable, or another cluster name or secret), or the port is taken
     */
    public static Worker start(ClusterSettings settings, int port, List<String> join, int slots, Registry registry,
                               PrintWriter log) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("worker port " + port + " is out of range; accepted: 1 to 65535");
        }
        if (slots < 1 || slots > 256) {
            throw new IllegalArgumentException("worker slots " + slots + " is out of range; accepted: 1 to 256");
        }
        List<String> joins = join.isEmpty() ? List.of() : ClusterSettings.addresses(join);
        String address = settings.iface() + ":" + port;
        Config c = settings.member(port, joins.isEmpty() ? List.of(address) : joins);
        ConcurrentMap<String, Object> ctx = new ConcurrentHashMap<>();
        ctx.put(WORK, new TrialWork(registry, address));
        ctx.put(RUNNING, new AtomicInteger());
        c.setUserContext(ctx);
        c.getMemberAttributeConfig().setAttribute(ClusterSettings.WORKER_ATTRIBUTE, address);
        c.getMemberAttributeConfig().setAttribute(ClusterSettings.SLOTS_ATTRIBUTE, Integer.toString(slots));
        c.getExecutorConfig(ClusterSettings.EXECUTOR).setPoolSize(slots).setQueueCapacity(0).setStatisticsEnabled(false);
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(c);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("worker " + address + " could not start: " + rootMessage(e)
                    + " (is the port taken? give another --port)", e);
        }
        boolean joinsOthers = joins.stream().anyMatch(a -> !same(a, address));
        if (joinsOthers && hz.getCluster().getMembers().size() < 2) {
            hz.getLifecycleService().terminate();
            throw new IllegalArgumentException("worker " + address + ": no member at " + String.join(", ", joins)
                    + " admitted it (none reachable, or they have another --cluster-name or secret)");
        }
        Worker w = new Worker(hz, address);
        if (log != null) {
            hz.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent e) {
                    log.printf(Locale.ROOT, "engram worker %s: %s joined (%d workers)%n", address, name(e.getMember()),
                            e.getMembers().size());
                    log.flush();
                }

                @Override
                public void memberRemoved(MembershipEvent e) {
                    log.printf(Locale.ROOT, "engram worker %s: %s left (%d workers)%n", address, name(e.getMember()),
                            e.getMembers().size());
                    log.flush();
                }
            });
            log.printf(Locale.ROOT, "engram worker %s: in cluster '%s' with %d worker%s; %d slot%s; waiting for trials%n",
                    address, settings.name(), hz.getCluster().getMembers().size(),
                    hz.getCluster().getMembers().size() == 1 ? "" : "s", slots, slots == 1 ? "" : "s");
            log.flush();
        }
        return w;
    }

    static String name(Member m) {
        String a = m.getAttribute(ClusterSettings.WORKER_ATTRIBUTE);
        return a != null ? a : m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    private static boolean same(String a, String b) {
        String x = a.replace("localhost", "127.0.0.1");
        String y = b.replace("localhost", "127.0.0.1");
        return x.equals(y);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** This worker's address ({@code host:port}). */
    public String address() {
        return address;
    }

    /** The members of its cluster now. */
    public int clusterSize() {
        return hz.getCluster().getMembers().size();
    }

    /** The trials this worker is running now (tests kill a worker in the middle of one). */
    public int runningTrials() {
        return ((AtomicInteger) hz.getUserContext().get(RUNNING)).get();
    }

    /** Blocks until the worker is shut down (by {@link #close}, a signal, or the cluster). */
    public void awaitShutdown() throws InterruptedException {
        while (hz.getLifecycleService().isRunning()) {
            Thread.sleep(500);
        }
    }

    /** Leaves the cluster at once, as a killed process would (for tests). */
    public void kill() {
        hz.getLifecycleService().terminate();
    }

    /** Leaves the cluster; its running trials go to other workers. */
    @Override
    public void close() {
        if (hz.getLifecycleService().isRunning()) {
            hz.getLifecycleService().terminate();
        }
    }
}
