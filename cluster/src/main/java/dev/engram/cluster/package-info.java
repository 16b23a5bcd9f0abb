/**
 * Sweeps over many machines on Hazelcast: {@link dev.engram.cluster.Worker} is a cluster member that runs
 * trials; {@link dev.engram.cluster.ClusterExecutor} is a sweep's coordinator (a Hazelcast client) that hands
 * the workers the trials not yet done, one per free slot, and hands each result to the sweep's store exactly once.
 * {@link dev.engram.cluster.ClusterSettings} says how members find and admit each other: TCP-IP join only
 * (multicast, auto-detection and phone-home off), one interface, a cluster name and a shared secret.
 */
package dev.engram.cluster;
