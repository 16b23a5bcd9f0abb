package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block-of-probes kernels ({@code PanamaBatch}) against one probe at a time: the modern Hopfield step for a
 * block (float and packed ±1 memories) within a float tolerance of the scalar reference's single-probe
 * {@code softmaxCombine}/{@code softmaxCombineBits}; {@code dotsBipolarBatch} and {@code matVecBipolarBatch}
 * bit for bit equal to Panama's {@code dotsBipolar}/{@code matVecBipolar} (what makes a batch recall flip the same
 * neurons as one recall). Sizes that are not multiples of the vector width, seeded data, non-zero offsets.
 *
 * <p>Tolerance of the batched step: each output is a weighted mean of memory values in [−1, 1]; a score of
 * {@code n} terms is off by at most about {@code (n+2)u·Σ|m x|} in either order, which moves its weight by β times
 * that relatively, plus the exponential's {@value #EXP_REL}. Outputs are compared at {@code 4·(that + (k+4)u)}
 * absolutely (the outputs are at most 1 in size).
 */
class PanamaBatchVsScalarTest extends PanamaVsScalarSupport {

    private static final int[] PS = {1, 3, 4, 5, 7, 14, 17, 50, 97, 200};

    @Test
    void softmaxCombineBatchFloat() {
        SplittableRandom r = new SplittableRandom(31);
        for (int k : new int[] {1, 7, 100, 301}) {
            for (int n : new int[] {7, 17, 33, 130}) {
                for (int p : PS) {
                    float[] m = floats(r, 3 + k * n, -1, 1);
                    float[] x = floats(r, 2 + p * n, -1, 1);
                    float beta = (float) (4.0 / Math.sqrt(n));
                    float[] want = new float[1 + p * n];
                    float[] got = new float[1 + p * n];
                    float[] lw = new float[p];
                    float[] lg = new float[p + 1];
                    for (int i = 0; i < p; i++) {
                        lw[i] = SCALAR.softmaxCombine(beta, m, 3, k, n, x, 2 + i * n, want, 1 + i * n);
                    }
                    panama.softmaxCombineBatch(beta, m, 3, k, n, x, 2, p, got, 1, lg, 1);
                    double tol = tolerance(beta, n, k);
                    for (int j = 0; j < p * n; j++) {
                        close(want[1 + j], got[1 + j], tol, "float k=" + k + " n=" + n + " p=" + p + " j=" + j);
                    }
                    for (int i = 0; i < p; i++) {
                        close(lw[i], lg[1 + i], tol * (1 + Math.abs(lw[i])), "lse k=" + k + " n=" + n + " p=" + p);
                    }
                    // the scalar reference's batch is its single-probe loop, exactly
                    float[] same = new float[1 + p * n];
                    SCALAR.softmaxCombineBatch(beta, m, 3, k, n, x, 2, p, same, 1, null, 0);
                    assertArrayEquals(want, same, "scalar batch k=" + k + " n=" + n + " p=" + p);
                }
            }
        }
    }

    /**
     * Packed ±1 memories, four kinds of probes: Gaussian (the float scores), ±1 (the plain popcount scores),
     * ternary at scale 0.5 with a quarter of the components 0 (masked popcounts), and ±1 but for one Gaussian probe
     * (its chunk takes the float scores, the other chunks popcounts). Outputs and log-sum-exps.
     */
    @Test
    void softmaxCombineBatchBits() {
        SplittableRandom r = new SplittableRandom(32);
        for (int k : new int[] {1, 9, 100, 301}) {
            for (int n : new int[] {17, 63, 65, 130}) {
                for (int p : PS) {
                    for (int kind = 0; kind < 4; kind++) {
                        long[] m = packed(r, 2, k, n);
                        float[] x = new float[3 + p * n];
                        for (int j = 3; j < x.length; j++) {
                            float pm = r.nextBoolean() ? 1f : -1f;
                            x[j] = switch (kind) {
                                case 0 -> (float) r.nextGaussian();
                                case 2 -> r.nextInt(4) == 0 ? 0f : 0.5f * pm;
                                default -> pm;
                            };
                        }
                        if (kind == 3) {
                            int odd = 3 + (p / 2) * n;
                            for (int j = 0; j < n; j++) {
                                x[odd + j] = (float) r.nextGaussian();
                            }
                        }
                        float beta = (float) (1.0 / Math.sqrt(n));
                        float[] want = new float[p * n];
                        float[] got = new float[1 + p * n];
                        float[] lw = new float[p];
                        float[] lg = new float[p + 2];
                        for (int i = 0; i < p; i++) {
                            lw[i] = SCALAR.softmaxCombineBits(beta, m, 2, k, n, x, 3 + i * n, want, i * n);
                        }
                        panama.softmaxCombineBitsBatch(beta, m, 2, k, n, x, 3, p, got, 1, lg, 2);
                        double tol = tolerance(beta, n, k) * 4;
                        String what = "bits k=" + k + " n=" + n + " p=" + p + " kind=" + kind;
                        for (int j = 0; j < p * n; j++) {
                            close(want[j], got[1 + j], tol, what + " j=" + j);
                        }
                        for (int i = 0; i < p; i++) {
                            close(lw[i], lg[2 + i], 1e-4 * Math.max(1, Math.abs(lw[i])), what + " lse " + i);
                        }
                    }
                }
            }
        }
    }

    /** Large scores: the online rescaling across row blocks must not overflow or lose the maximum. */
    @Test
    void softmaxCombineBatchLargeScores() {
        SplittableRandom r = new SplittableRandom(33);
        int n = 40;
        int k = 700;
        int p = 9;
        float[] m = floats(r, k * n, -1, 1);
        float[] x = floats(r, p * n, -1, 1);
        float[] want = new float[p * n];
        float[] got = new float[p * n];
        for (int i = 0; i < p; i++) {
            SCALAR.softmaxCombine(60f, m, 0, k, n, x, i * n, want, i * n);
        }
        panama.softmaxCombineBatch(60f, m, 0, k, n, x, 0, p, got, 0, null, 0);
        for (int j = 0; j < p * n; j++) {
            assertTrue(Float.isFinite(got[j]), "finite at " + j);
            close(want[j], got[j], 2e-3, "large scores j=" + j);
        }
    }

    @Test
    void dotsBipolarBatchIsBitExact() {
        SplittableRandom r = new SplittableRandom(34);
        for (int len : new int[] {1, 7, 16, 17, 33, 65, 100, 1021}) {
            for (int p : new int[] {1, 2, 3, 5, 8}) {
                for (int count : new int[] {1, 3, 4, 5, 9}) {
                    int stride = (len + 63) / 64 + 1;
                    long[] bits = packed(r, 0, 12 * stride, 64 * stride);
                    int[] rows = new int[1 + count];
                    for (int j = 0; j < rows.length; j++) {
                        rows[j] = r.nextInt(12);
                    }
                    int vStride = len + 3;
                    float[] v = floats(r, 1 + p * vStride, -2, 2);
                    int outStride = count + 2;
                    float[] want = new float[2 + p * outStride];
                    float[] got = new float[2 + p * outStride];
                    for (int i = 0; i < p; i++) {
                        panama.dotsBipolar(v, 1 + i * vStride, len, bits, stride, rows, 1, count, want, 2 + i * outStride);
                    }
                    panama.dotsBipolarBatch(v, 1, vStride, p, len, bits, stride, rows, 1, count, got, 2, outStride);
                    assertArrayEquals(want, got, "dotsBipolarBatch len=" + len + " p=" + p + " count=" + count);
                    float[] scalar = new float[2 + p * outStride];
                    SCALAR.dotsBipolarBatch(v, 1, vStride, p, len, bits, stride, rows, 1, count, scalar, 2, outStride);
                    for (int j = 0; j < scalar.length; j++) {
                        close(scalar[j], got[j], 2.0 * (len + 2) * U * 2 * len + 1e-6, "vs scalar len=" + len);
                    }
                }
            }
        }
    }

    @Test
    void matVecBipolarBatchIsBitExact() {
        SplittableRandom r = new SplittableRandom(35);
        for (int cols : new int[] {1, 7, 16, 17, 33, 65, 100, 1021}) {
            for (int p : new int[] {1, 3, 4, 5, 9}) {
                int rows = 1 + r.nextInt(9);
                int words = (cols + 63) >>> 6;
                float[] m = floats(r, 2 + rows * cols, -1, 1);
                long[] x = packed(r, 1, p, cols);
                float[] want = new float[3 + p * rows];
                float[] got = new float[3 + p * rows];
                for (int i = 0; i < p; i++) {
                    panama.matVecBipolar(m, 2, rows, cols, x, 1 + i * words, want, 3 + i * rows);
                }
                panama.matVecBipolarBatch(m, 2, rows, cols, x, 1, p, got, 3);
                assertArrayEquals(want, got, "matVecBipolarBatch cols=" + cols + " p=" + p);
                float[] scalar = new float[3 + p * rows];
                SCALAR.matVecBipolarBatch(m, 2, rows, cols, x, 1, p, scalar, 3);
                for (int j = 0; j < scalar.length; j++) {
                    close(scalar[j], got[j], 4.0 * (cols + 2) * U * cols + 1e-6, "vs scalar cols=" + cols);
                }
            }
        }
    }

    @Test
    void matTVecBatchIsBitExact() {
        SplittableRandom r = new SplittableRandom(36);
        for (int cols : new int[] {1, 7, 16, 17, 33, 65, 100, 1021}) {
            for (int rows : new int[] {1, 3, 4, 5, 9, 13}) {
                for (int p : new int[] {1, 3, 4, 5, 9}) {
                    float[] m = floats(r, 2 + rows * cols, -1, 1);
                    int xs = rows + 1;
                    float[] x = floats(r, 1 + p * xs, -3, 3);
                    int os = cols + 2;
                    float[] want = new float[3 + p * os];
                    float[] got = new float[3 + p * os];
                    for (int i = 0; i < p; i++) {
                        panama.matTVec(m, 2, rows, cols, x, 1 + i * xs, want, 3 + i * os);
                    }
                    panama.matTVecBatch(m, 2, rows, cols, x, 1, xs, p, got, 3, os);
                    assertArrayEquals(want, got, "matTVecBatch cols=" + cols + " rows=" + rows + " p=" + p);
                }
            }
        }
    }

    private static double tolerance(float beta, int n, int k) {
        return 4 * (Math.abs(beta) * (n + 2) * U * n + (k + 4) * U + EXP_REL) + 1e-6;
    }
}
