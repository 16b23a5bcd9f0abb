package dev.engram.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.api.learn.Item;
import dev.engram.api.learn.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test model itself must be right for the strategy tests to mean anything. */
class TestDamTest {
    @Test
    void lossGradientMatchesFiniteDifferences() {
        TestDam dam = new TestDam(20, 4, 3, 0.5, 0.1, 0.6, 1, 4, 1);
        for (int i = 0; i < dam.xi.length; i++) {
            dam.xi[i] *= 5;
        }
        List<Task> tasks = Sequences.randomTasks(1, 3, 20, 1, 2, 2);
        List<Item> batch = tasks.get(0).items();
        for (boolean norm : new boolean[] {false, true}) {
            float[] g = new float[dam.parameterCount()];
            if (norm) {
                dam.outputNormGradient(batch, g);
            } else {
                dam.lossAndGradient(batch, g);
            }
            float[] tmp = new float[g.length];
            for (int i = 0; i < g.length; i += 7) {
                float old = dam.xi[i];
                double h = 1e-3;
                dam.xi[i] = (float) (old + h);
                double up = norm ? dam.outputNormGradient(batch, tmp) : dam.lossAndGradient(batch, tmp);
                dam.xi[i] = (float) (old - h);
                double down = norm ? dam.outputNormGradient(batch, tmp) : dam.lossAndGradient(batch, tmp);
                dam.xi[i] = old;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, g[i], 1e-3 + 1e-2 * Math.abs(fd), "parameter " + i + (norm ? " (norm)" : " (loss)"));
            }
        }
    }
}
