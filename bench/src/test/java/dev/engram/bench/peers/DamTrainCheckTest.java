package dev.engram.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.core.kernel.ScalarKernels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DamTrainCheck (the Java side of the PyTorch training peer's check) prints the loss and gradient TrainedDam has. */
class DamTrainCheckTest {
    static final int N = 3;
    static final double T = 0.5;
    static final double[][] MEM = {{0.5, -0.25, 0.1}, {-0.3, 0.2, 0.4}};
    static final int[] X = {1, -1, 1}; // class neuron 2 (the trained one) has target +1

    /** The loss of the one item by plain loops: the state has neuron 2 at -1, polynomial F(a) = a^2, m = 1. */
    static double loss(double[][] mem) {
        double c = 1.0 / (T * N);
        double field = 0;
        for (double[] xi : mem) {
            double hp = xi[0] * X[0] + xi[1] * X[1] + xi[2];
            double hm = xi[0] * X[0] + xi[1] * X[1] - xi[2];
            field += Math.pow(c * hp, 2) - Math.pow(c * hm, 2);
        }
        double e = Math.tanh(field) - 1;
        return e * e;
    }

    @Test
    void printsTheLossAndAGradientEqualToFiniteDifferences(@TempDir Path dir) throws IOException {
        StringBuilder in = new StringBuilder("tiny polynomial 2 " + T + " 1 0.6 0.1 " + N + " 2 1 1\n2\n");
        for (double[] row : MEM) {
            for (double v : row) {
                in.append(v).append(' ');
            }
        }
        String item = X[0] + " " + X[1] + " " + X[2] + "\n";
        in.append('\n').append(item).append(item);
        Path file = dir.resolve("cases.txt");
        Files.writeString(file, in);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DamTrainCheck.check(file, ScalarKernels.INSTANCE, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        Map<String, String[]> lines = new HashMap<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] t = line.trim().split(" ");
            lines.put(t[0], t);
        }
        assertEquals("tiny", lines.get("case")[1]);
        for (String key : new String[] {"fields0", "loss1", "grad1", "mem1", "loss2", "grad2", "mem2", "fields"}) {
            assertTrue(lines.containsKey(key), "missing line " + key);
        }
        assertEquals(loss(MEM), Double.parseDouble(lines.get("loss1")[1]), 1e-6 * loss(MEM));
        String[] grad = lines.get("grad1");
        assertEquals(1 + 2 * N, grad.length);
        double h = 1e-6;
        for (int mu = 0; mu < 2; mu++) {
            for (int i = 0; i < N; i++) {
                double[][] p = {MEM[0].clone(), MEM[1].clone()};
                double[][] q = {MEM[0].clone(), MEM[1].clone()};
                p[mu][i] += h;
                q[mu][i] -= h;
                double fd = (loss(p) - loss(q)) / (2 * h);
                assertEquals(fd, Float.parseFloat(grad[1 + mu * N + i]), 1e-4 * Math.abs(fd) + 1e-6,
                        "dL/dxi[" + mu + "][" + i + "]");
            }
        }
    }
}
