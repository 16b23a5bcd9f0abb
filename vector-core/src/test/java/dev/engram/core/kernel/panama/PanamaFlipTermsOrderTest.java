package dev.engram.core.kernel.panama;

import static dev.engram.core.kernel.panama.PanamaSupport.FL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.engram.api.kernel.Interaction;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order of {@code damFlipTerms}'s sum, which the training records depend on bit for bit: the vector part's sum
 * first, then the scalar tail's terms added to it one by one ({@code ((S + t₀) + t₁) + …}), for one neuron and
 * for a block of neurons. (A refactoring once summed the tail apart and added it at the end: the same to within
 * rounding, so the tolerance tests passed, but other bits.)
 */
class PanamaFlipTermsOrderTest {

    @BeforeAll
    static void vectorModule() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector not in the boot layer (run with --add-modules jdk.incubator.vector)");
    }

    @Test
    void theTailIsAddedAfterTheVectorSumTermByTerm() {
        SplittableRandom r = new SplittableRandom(41);
        int nNeurons = 90;
        float c = 1f / nNeurons;
        for (Interaction f : new Interaction[] {Interaction.polynomial(3), Interaction.leakyRectified(4),
                Interaction.exponential()}) {
            for (int k : new int[] {2 * FL + 2, 2 * FL + 7, 3 * FL + FL - 1}) {
                int bound = FL * (k / FL);
                float[] m = new float[k];
                float[] col = new float[k + 3];
                for (int i = 0; i < k; i++) {
                    m[i] = nNeurons - 2 * r.nextInt(nNeurons + 1);
                }
                for (int i = 0; i < col.length; i++) {
                    col[i] = (float) r.nextDouble(-1, 1);
                }
                float[] shared = new float[k];
                float[] dShared = new float[k];
                PanamaDam.damSharedTerms(f, c, m, k, shared, dShared);
                for (float s : new float[] {1f, -1f}) {
                    float vectorPart = PanamaDam.damFlipTerms(f, c, m, shared, bound, col, 3, s, new float[k]);
                    float want = vectorPart;
                    for (int mu = bound; mu < k; mu++) {
                        float a = Math.fma(col[3 + mu], -2f * s, m[mu]) * c;
                        want += shared[mu] - PanamaKernels.scalarF(f, a, 0f);
                    }
                    String what = f + " k=" + k + " s=" + s;
                    float got = PanamaDam.damFlipTerms(f, c, m, shared, k, col, 3, s, new float[k]);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), what + ": " + want
                            + " against " + got);
                    float[] sums = new float[2];
                    PanamaDam.damFlipTermsBlock(f, c, m, shared, k, col, new int[] {3, 3}, new float[] {s, s}, 2,
                            new float[2 * k], 0, sums, 0);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(sums[1]), what + " (block)");
                }
            }
        }
    }
}
