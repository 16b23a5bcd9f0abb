package dev.engram.experiments.data;

import java.io.IOException;
import java.nio.file.Path;

/** Test data for other packages: a tiny MNIST-like data set written as IDX files. */
public final class IdxTestSupport {
    private IdxTestSupport() {
    }

    /** {@code count} 4x4 images per part whose pixel p is lit when (p + label) % 3 == 0, labels i % 10. */
    public static void writeTinyMnist(Path folder, int count) throws IOException {
        IdxTest.writeTinyMnist(folder, count, false);
    }
}
