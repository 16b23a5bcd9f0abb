package dev.engram.experiments.sweep;

import java.io.IOException;
import java.util.List;

/**
 * Runs the pending trials of a sweep somewhere (this process: {@link LocalExecutor}; a cluster of workers:
 * {@code dev.engram.cluster.ClusterExecutor}) and hands each finished record to the sink as it arrives. The
 * sweep decides which trials are pending (its slice, those without a record); the executor only runs them.
 */
public interface TrialExecutor extends AutoCloseable {

    /** A trial to run, with its key (which the record must carry). */
    record Pending(Trial trial, TrialKey key) {
    }

    /** Where finished trials go; called from the thread that called {@link #execute}. */
    interface Sink {
        /** A trial finished; {@code worker} says where it ran. */
        void finished(Pending trial, TrialRecord record) throws IOException;

        /** A trial started (for progress lines). */
        default void started(Pending trial, String worker) {
        }
    }

    /** What the executor is, for the sweep's first line ({@code this process}, {@code cluster of 3 workers}). */
    String describe();

    /**
     * Whether the trials run in this process: the sweep then checks the data and the strategy-model
     * compatibility before the first trial (a cluster's workers check them themselves).
     */
    default boolean local() {
        return false;
    }

    /**
     * Runs every trial of {@code pending}; returns when each has been handed to {@code sink}.
     *
     * @throws IOException              when the sink cannot store a record
     * @throws IllegalArgumentException when a trial cannot run (an unknown model on every worker, bad data)
     */
    void execute(List<Pending> pending, Sink sink) throws IOException;

    @Override
    default void close() {
    }
}
