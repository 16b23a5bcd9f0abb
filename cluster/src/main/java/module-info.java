/**
 * Sweeps over many machines: {@link dev.engram.cluster.Worker}s are members of a Hazelcast cluster, and a
 * {@link dev.engram.cluster.ClusterExecutor} hands them a sweep's trials.
 *
 * @since 0.2
 */
// Hazelcast has no module descriptor (an automatic module, com.hazelcast.core, by its manifest); it is not in this
// module's exported API, so it is not required transitively.
@SuppressWarnings("requires-automatic")
module dev.engram.cluster {
    requires transitive dev.engram.experiments;
    requires com.hazelcast.core;
    requires java.logging;

    exports dev.engram.cluster;
}
