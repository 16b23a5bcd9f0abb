package dev.engram.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the members of an Engram cluster find and admit each other.
 * <ul>
 *   <li>Members join by TCP-IP to the addresses given, only: multicast, cloud auto-detection and phone-home are
 *       off.</li>
 *   <li>A member binds one interface ({@code 127.0.0.1} unless another is given), not every interface.</li>
 *   <li>Admission: Hazelcast's open-source edition has no member authentication, so the cluster name that
 *       Hazelcast compares when a member joins is derived from the name and the shared secret (an HMAC-SHA-256 of
 *       the name keyed by the secret). A member or client without the secret has another cluster name and is
 *       refused at the join. The traffic itself is not encrypted: keep a cluster on a trusted network (or
 *       behind SSH tunnels).</li>
 * </ul>
 *
 * @param name             the cluster's name (default {@code engram})
 * @param secret           the shared secret (never logged)
 * @param iface            the interface members bind and announce ({@code 127.0.0.1} by default)
 * @param connectTimeoutMs how long a coordinator or a joining worker waits for the cluster
 */
public record ClusterSettings(String name, String secret, String iface, long connectTimeoutMs) {
    /** The default cluster name. */
    public static final String DEFAULT_NAME = "engram";
    /** The secret used when none is given (then anyone who knows the name can join; a warning says so). */
    public static final String DEFAULT_SECRET = "engram-default-secret";
    /** The executor the trials run on. */
    static final String EXECUTOR = "engram-trials";
    /** Finished records, by trial id, until the coordinator has stored them. */
    static final String RESULTS = "engram-results";
    /** The member attribute naming a worker ({@code host:port}). */
    static final String WORKER_ATTRIBUTE = "engram.worker";
    /** The member attribute giving a worker's slots (trials at once). */
    static final String SLOTS_ATTRIBUTE = "engram.slots";

    /** Hazelcast logs through java.util.logging; only its severe errors are shown ({@code -Dengram.cluster.log=WARNING} or {@code INFO}: more). */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

    static {
        HAZELCAST_LOG.setLevel(java.util.logging.Level.parse(System.getProperty("engram.cluster.log", "SEVERE")));
    }

    public ClusterSettings {
        name = name == null || name.isBlank() ? DEFAULT_NAME : name;
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("cluster name '" + name + "' is not accepted: 1 to 64 letters, digits, '.', '_' or '-'");
        }
        secret = secret == null || secret.isEmpty() ? DEFAULT_SECRET : secret;
        iface = iface == null || iface.isBlank() ? "127.0.0.1" : iface;
        if (connectTimeoutMs < 1000) {
            throw new IllegalArgumentException("connect timeout is " + connectTimeoutMs + " ms; accepted: at least 1000 ms");
        }
    }

    /** Whether no secret was given. */
    public boolean defaultSecret() {
        return secret.equals(DEFAULT_SECRET);
    }

    /** The cluster name Hazelcast compares: {@code engram-<name>-<16 hex digits of HMAC(secret, name)>}. */
    public String hazelcastName() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal(("engram-cluster:" + name).getBytes(StandardCharsets.UTF_8));
            return "engram-" + name + "-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code HOST:PORT} addresses, checked.
     *
     * @throws IllegalArgumentException naming an address that is not {@code HOST:PORT} with a port in 1..65535
     */
    public static List<String> addresses(List<String> given) {
        List<String> out = new ArrayList<>();
        for (String a : given) {
            String t = a.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new IllegalArgumentException("cluster address '" + a + "' is not HOST:PORT (e.g. 127.0.0.1:5701)");
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("cluster address '" + a + "' has no port in 1..65535");
            }
            out.add(t);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no cluster address given; accepted: HOST:PORT[,HOST:PORT...]");
        }
        return out;
    }

    /** Properties every member and client of ours sets. */
    private static void quiet(java.util.function.BiConsumer<String, String> set) {
        set.accept("hazelcast.phone.home.enabled", "false");
        set.accept("hazelcast.logging.type", "jdk");
        set.accept("hazelcast.shutdownhook.policy", "TERMINATE");
    }

    /** The configuration of a worker member on {@code port} joining {@code join} (may be empty: a first member). */
    Config member(int port, List<String> join) {
        Config c = new Config();
        c.setClusterName(hazelcastName());
        c.setInstanceName("engram-worker-" + iface + "-" + port);
        quiet(c::setProperty);
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.join.seconds", Long.toString(Math.max(5, connectTimeoutMs / 1000)));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "20");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "2");
        c.setProperty("hazelcast.jmx", "false");
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(iface);
        JoinConfig j = net.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(join))
                .setConnectionTimeoutSeconds((int) Math.max(1, Math.min(30, connectTimeoutMs / 1000)));
        c.getMapConfig(RESULTS).setBackupCount(1);
        c.getMetricsConfig().setEnabled(false);
        return c;
    }

    /** The configuration of a coordinator (a client) of the cluster at {@code addresses}. */
    ClientConfig client(List<String> addresses) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(hazelcastName());
        c.setInstanceName("engram-coordinator-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT));
        quiet(c::setProperty);
        // operations cut off by a member that leaves are sent again (a lost trial is run again anyway)
        c.getNetworkConfig().setAddresses(new ArrayList<>(addresses)).setRedoOperation(true);
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectTimeoutMs)
                .setInitialBackoffMillis(200).setMaxBackoffMillis(1000);
        c.getMetricsConfig().setEnabled(false);
        return c;
    }
}
