package dev.engram.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    // R[t][j]: accuracy on task j after learning task t
    static final double[][] R = {
        {0.9, 0.2, 0.1},
        {0.6, 0.8, 0.3},
        {0.5, 0.7, 1.0}};
    static final double[] B = {0.1, 0.1, 0.2};

    @Test
    void gemDefinitions() {
        Metrics m = Metrics.of(R, B, 3);
        assertEquals((0.5 + 0.7 + 1.0) / 3, m.acc(), 1e-12);
        assertEquals(((0.5 - 0.9) + (0.7 - 0.8)) / 2, m.bwt(), 1e-12);
        assertEquals(((0.2 - 0.1) + (0.3 - 0.2)) / 2, m.fwt(), 1e-12);
        // forgetting: task 1 best 0.9 -> 0.5, task 2 best 0.8 -> 0.7
        assertEquals((0.4 + 0.1) / 2, m.forgetting(), 1e-12);
        assertEquals((0.9 + 0.8 + 1.0) / 3, m.learningAccuracy(), 1e-12);
    }

    @Test
    void partialRunsAndOneTask() {
        Metrics two = Metrics.of(R, B, 2);
        assertEquals(0.7, two.acc(), 1e-12);
        assertEquals(-0.3, two.bwt(), 1e-12);
        Metrics one = Metrics.of(R, B, 1);
        assertEquals(0.9, one.acc(), 1e-12);
        assertTrue(Double.isNaN(one.bwt()) && Double.isNaN(one.fwt()) && Double.isNaN(one.forgetting()));
        assertArrayEquals(new double[] {0.9, 0.7, (0.5 + 0.7 + 1.0) / 3}, Metrics.averageSeen(R, 3), 1e-12);
    }
}
