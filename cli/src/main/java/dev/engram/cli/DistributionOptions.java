package dev.engram.cli;

import dev.engram.cluster.ClusterExecutor;
import dev.engram.experiments.sweep.Shard;
import dev.engram.experiments.sweep.Sweep;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a sweep's trials run: a slice of a job array, a cluster of workers, or (default) this process. */
final class DistributionOptions {

    @Option(names = "--shard", paramLabel = "I/N", order = 30,
            description = {"Run only slice I of N (0-based): trial k of the list when k mod N = I. "
                    + "Default under a Slurm job array: SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT "
                    + "(submit with --array=0-(N-1)). Slices share --out; 'engram sweep merge DIR' "
                    + "summarises them."})
    String shard;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",", splitSynopsisLabel = ",", order = 31,
            description = "Run the trials on the workers of this cluster (see 'engram worker'); every result "
                    + "is written here as it arrives. Several addresses: comma-separated.")
    List<String> cluster;

    @Mixin
    ClusterAccess access;

    /** The slice: --shard, else the Slurm array task, else everything. */
    Shard shard() {
        if (shard != null) {
            return Shard.parse(shard);
        }
        Shard s = Shard.fromEnvironment(System.getenv());
        return s == null ? Shard.ALL : s;
    }

    /** How the trials run; the caller closes the executor. */
    Sweep.Execution execution(PrintWriter err) {
        Shard s = shard();
        if (cluster == null) {
            return new Sweep.Execution(s, null);
        }
        return new Sweep.Execution(s, ClusterExecutor.connect(access.settings(err), cluster, err));
    }

    boolean given() {
        return shard != null || cluster != null;
    }
}
