package dev.engram.cluster;

import com.hazelcast.core.HazelcastException;
import java.util.function.Supplier;

/**
 * Cluster map operations that may fail for a moment while a member leaves and its partitions move: tried a few
 * times over about five seconds; then {@code null}, for operations whose failure the caller can live with.
 */
final class Retry {
    private Retry() {
    }

    static <T> T quietly(Supplier<T> op) {
        long pause = 50;
        for (int attempt = 0; attempt < 8; attempt++) {
            try {
                return op.get();
            } catch (HazelcastException | IllegalStateException e) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                pause = Math.min(1000, pause * 2);
            }
        }
        return null;
    }
}
