package dev.engram.cli;

import dev.engram.cluster.ClusterSettings;
import dev.engram.cluster.Worker;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code engram worker}: a member of an engram cluster that runs the trials of sweeps. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Start a worker: a member of an engram cluster (Hazelcast) that runs the",
            "trials 'engram sweep --cluster' hands it, until stopped (Ctrl-C, kill).",
            "",
            "Members find each other by TCP-IP only (no multicast, no auto-detection, no",
            "phone-home), bind one interface, and admit only members with the same",
            "cluster name and secret. Traffic is not encrypted: use a trusted network.",
            "Every worker needs the same Engram, the same --plugins and the data (or",
            "--data-dir on the sweep pointing at a shared folder).",
            "",
            "Example (two workers on one machine, then a sweep on them):",
            "  export ENGRAM_CLUSTER_SECRET=...",
            "  engram worker --port 5701 &",
            "  engram worker --port 5702 --join 127.0.0.1:5701 &",
            "  engram sweep --cluster 127.0.0.1:5701 --seeds 1,2,3 --out engram-out/s",
            ""})
final class WorkerCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--join", paramLabel = "HOST:PORT", split = ",", splitSynopsisLabel = ",", order = 1,
            description = "Members to join (comma-separated). None: start a new cluster that others join.")
    List<String> join = new ArrayList<>();

    @Option(names = "--port", paramLabel = "P", order = 2, description = "The port to listen on (default 5701).")
    int port = 5701;

    @Option(names = "--slots", paramLabel = "K", order = 3,
            description = "Trials run at once (default 1; each uses --threads training threads).")
    int slots = 1;

    @Mixin
    ClusterAccess access;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ClusterSettings s = access.settings(spec.commandLine().getErr());
        Worker w = Worker.start(s, port, join, slots, main.registry(), out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("engram worker " + w.address() + ": stopping");
            out.flush();
            w.close();
        }, "engram-worker-stop"));
        w.awaitShutdown();
        return 0;
    }
}
