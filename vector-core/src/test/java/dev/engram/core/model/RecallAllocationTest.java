package dev.engram.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.api.BipolarMemory;
import dev.engram.api.BipolarPattern;
import dev.engram.api.RealMemory;
import dev.engram.api.RecallWorkspace;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded user's promise: after warm-up, one recall through a workspace allocates nothing (issue 20), measured
 * with the thread's allocation counter ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}).
 */
class RecallAllocationTest {
    static final int N = 1024;

    static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    static long perRecall(Runnable oneRecall) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        for (int i = 0; i < 3_000; i++) {
            oneRecall.run();            // warm-up: classes loaded, lazy buffers made, the hot loops compiled
        }
        long calibration = allocatedBy(() -> { });
        long bytes = allocatedBy(() -> {
            for (int i = 0; i < 1000; i++) {
                oneRecall.run();
            }
        });
        return (bytes - calibration) / 1000;
    }

    @Test
    void bipolarRecallThroughAWorkspaceAllocatesNothing() {
        List<BipolarPattern> ps = TestModels.randomPatterns(40, N, 7);
        for (Map<String, ?> p : List.of(Map.of("name", "hopfield"), Map.of("name", "dam", "mode", "stored"))) {
            java.util.Map<String, Object> params = new java.util.HashMap<>(p);
            String name = (String) params.remove("name");
            BipolarMemory m = (BipolarMemory) TestModels.create(name, N, 3L, params);
            m.storeAll(ps);
            m.freeze();
            RecallWorkspace ws = m.newWorkspace();
            long[] probe = ps.get(0).words().clone();
            probe[0] ^= 0xFFL;
            long[] out = new long[probe.length];
            assertEquals(0, perRecall(() -> m.recallInto(probe, out, null, ws)), name + ": bytes per recall");
        }
    }

    @Test
    void modernRecallThroughAWorkspaceAllocatesNothing() {
        RealMemory m = (RealMemory) TestModels.create("modern", N, 3L, Map.of());
        for (BipolarPattern p : TestModels.randomPatterns(200, N, 8)) {
            m.store(p.toRealVector());
        }
        m.freeze();
        RecallWorkspace ws = m.newWorkspace();
        float[] probe = TestModels.randomPatterns(1, N, 9).get(0).toRealVector().toArray();
        float[] out = new float[N];
        assertEquals(0, perRecall(() -> m.recallInto(probe, out, ws)), "modern: bytes per recall");
    }
}
