package dev.engram.cli;

import dev.engram.cluster.ClusterSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach and be admitted to an engram cluster: its name, the shared secret, the interface, the timeout. */
final class ClusterAccess {
    /** The environment variable holding the shared secret. */
    static final String SECRET_ENV = "ENGRAM_CLUSTER_SECRET";

    @Option(names = "--cluster-name", paramLabel = "NAME", order = 40,
            description = "The cluster's name (default engram).")
    String name;

    @Option(names = "--secret-file", paramLabel = "FILE", order = 41,
            description = "File holding the cluster's shared secret (default: the environment variable "
                    + SECRET_ENV + "). Members and coordinators without it are refused.")
    Path secretFile;

    @Option(names = "--interface", paramLabel = "IP", order = 42,
            description = "The address this member binds and announces (default 127.0.0.1; give the "
                    + "machine's address for a cluster of several machines).")
    String iface;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", order = 43,
            description = "How long to wait for the cluster before giving up (default 20).")
    int connectTimeout = 20;

    ClusterSettings settings(java.io.PrintWriter err) {
        if (connectTimeout < 1 || connectTimeout > 3600) {
            throw new UserError("--connect-timeout is " + connectTimeout + "; accepted: 1 to 3600 seconds");
        }
        String secret = null;
        if (secretFile != null) {
            try {
                secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UserError("--secret-file '" + secretFile + "' cannot be read");
            }
            if (secret.isEmpty()) {
                throw new UserError("--secret-file '" + secretFile + "' is empty");
            }
        } else {
            String env = System.getenv(SECRET_ENV);
            secret = env == null || env.isBlank() ? null : env.strip();
        }
        ClusterSettings s = new ClusterSettings(name, secret, iface, connectTimeout * 1000L);
        if (s.defaultSecret()) {
            err.println("engram: warning: no cluster secret given (--secret-file or " + SECRET_ENV
                    + "); any engram that knows the cluster name can join");
            err.flush();
        }
        return s;
    }
}
