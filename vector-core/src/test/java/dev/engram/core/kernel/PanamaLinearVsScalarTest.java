package dev.engram.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float linear-algebra Panama kernels ({@code PanamaLinear}) against the scalar reference: dot,
 * matrix-vector products (float, packed ±1, transposed), axpy and scale, and the packed ±1 axpy and dots.
 * Tolerances and the lengths: {@link PanamaVsScalarSupport}.
 */
class PanamaLinearVsScalarTest extends PanamaVsScalarSupport {

    @Test
    void dot() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : LENGTHS) {
            float[] a = floats(r, n + 3, -1, 1);
            float[] b = floats(r, n + 5, -1, 1);
            double abs = 0;
            for (int i = 0; i < n; i++) {
                abs += Math.abs((double) a[3 + i] * b[5 + i]);
            }
            close(SCALAR.dot(a, 3, b, 5, n), panama.dot(a, 3, b, 5, n), sumBound(n, abs), "dot n=" + n);
        }
    }

    @Test
    void matVecAndTransposed() {
        SplittableRandom r = new SplittableRandom(4);
        for (int cols : LENGTHS) {
            for (int rows : new int[] {1, 2, 3, 5, 17}) {
                float[] m = floats(r, 2 + rows * cols, -1, 1);
                float[] x = floats(r, 1 + Math.max(rows, cols), -1, 1);
                float[] want = new float[rows + 3];
                float[] got = new float[rows + 3];
                SCALAR.matVec(m, 2, rows, cols, x, 1, want, 3);
                panama.matVec(m, 2, rows, cols, x, 1, got, 3);
                long[] xb = packed(r, 2, 1, cols);
                float[] wantB = new float[rows + 1];
                float[] gotB = new float[rows + 1];
                SCALAR.matVecBipolar(m, 2, rows, cols, xb, 2, wantB, 1);
                panama.matVecBipolar(m, 2, rows, cols, xb, 2, gotB, 1);
                for (int row = 0; row < rows; row++) {
                    double abs = 0;
                    double absB = 0;
                    for (int c = 0; c < cols; c++) {
                        abs += Math.abs((double) m[2 + row * cols + c] * x[1 + c]);
                        absB += Math.abs(m[2 + row * cols + c]);
                    }
                    close(want[3 + row], got[3 + row], sumBound(cols, abs), "matVec " + rows + "x" + cols + " row " + row);
                    close(wantB[1 + row], gotB[1 + row], sumBound(cols, absB),
                            "matVecBipolar " + rows + "x" + cols + " row " + row);
                }
                assertEquals(0f, got[0] + got[1] + got[2], "matVec wrote before outOff");
                assertEquals(0f, gotB[0], "matVecBipolar wrote before outOff");

                float[] wantT = new float[cols + 2];
                float[] gotT = new float[cols + 2];
                wantT[0] = gotT[0] = wantT[cols + 1] = gotT[cols + 1] = 7f;
                SCALAR.matTVec(m, 2, rows, cols, x, 1, wantT, 1);
                panama.matTVec(m, 2, rows, cols, x, 1, gotT, 1);
                assertEquals(7f, gotT[0]);
                assertEquals(7f, gotT[cols + 1]);
                for (int c = 0; c < cols; c++) {
                    double abs = 0;
                    for (int row = 0; row < rows; row++) {
                        abs += Math.abs((double) m[2 + row * cols + c] * x[1 + row]);
                    }
                    close(wantT[1 + c], gotT[1 + c], sumBound(rows, abs), "matTVec " + rows + "x" + cols + " col " + c);
                }
            }
        }
    }

    @Test
    void axpyAndScale() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : LENGTHS) {
            float a = (float) r.nextDouble(-2, 2);
            float[] x = floats(r, n + 2, -1, 1);
            float[] y0 = floats(r, n + 4, -1, 1);
            float[] want = y0.clone();
            float[] got = y0.clone();
            SCALAR.axpy(a, x, 2, want, 4, n);
            panama.axpy(a, x, 2, got, 4, n);
            for (int i = 0; i < 4; i++) {
                assertEquals(y0[i], got[i], "axpy wrote before yOff");
            }
            for (int i = 0; i < n; i++) {
                double tol = 4 * U * (Math.abs(a * x[2 + i]) + Math.abs(y0[4 + i]));
                close(want[4 + i], got[4 + i], tol, "axpy n=" + n + " i=" + i);
            }
            float[] s0 = floats(r, n + 3, -1, 1);
            float[] ws = s0.clone();
            float[] gs = s0.clone();
            SCALAR.scale(a, ws, 3, n);
            panama.scale(a, gs, 3, n);
            assertArrayEquals(ws, gs, "scale is one rounding per element n=" + n);
        }
    }

    @Test
    void axpyBipolarIsExact() {
        SplittableRandom r = new SplittableRandom(11);
        for (int len : LENGTHS) {
            long[] bits = packed(r, 3, 1, len);
            float[] y = new float[len + 2];
            for (int j = 0; j < y.length; j++) {
                y[j] = r.nextInt(201) - 100;
            }
            float[] want = y.clone();
            float[] got = y.clone();
            for (float a : new float[] {2f, -2f, 0.37f}) {
                SCALAR.axpyBipolar(a, bits, 3, want, 1, len);
                panama.axpyBipolar(a, bits, 3, got, 1, len);
                assertArrayEquals(want, got, "axpyBipolar len=" + len + " a=" + a);
            }
            assertEquals(y[0], got[0]);
            assertEquals(y[len + 1], got[len + 1]);
        }
    }

    @Test
    void dotsBipolarAgreeAndDoNotDependOnTheirCompany() {
        SplittableRandom r = new SplittableRandom(12);
        for (int len : LENGTHS) {
            int stride = (len + 63) >>> 6;
            int nRows = 11;
            long[] bits = packed(r, 0, nRows, len);
            float[] v = floats(r, len + 2, -1, 1);
            int[] rows = {0, 7, 3, 3, 10, 1, 9, 2, 8, 5, 4, 6, 0};
            float[] want = new float[rows.length];
            float[] got = new float[rows.length + 1];
            SCALAR.dotsBipolar(v, 2, len, bits, stride, rows, 1, rows.length - 1, want, 0);
            panama.dotsBipolar(v, 2, len, bits, stride, rows, 1, rows.length - 1, got, 1);
            double abs = 0;
            for (int c = 0; c < len; c++) {
                abs += Math.abs(v[2 + c]);
            }
            for (int j = 0; j < rows.length - 1; j++) {
                close(want[j], got[1 + j], sumBound(len, abs), "dotsBipolar len=" + len + " row " + rows[1 + j]);
                // the same row alone, or in a block starting elsewhere, gives the same bits
                float[] one = new float[1];
                panama.dotsBipolar(v, 2, len, bits, stride, rows, 1 + j, 1, one, 0);
                assertEquals(got[1 + j], one[0], "dotsBipolar alone len=" + len + " j=" + j);
            }
            float[] shifted = new float[rows.length];
            panama.dotsBipolar(v, 2, len, bits, stride, rows, 3, rows.length - 3, shifted, 0);
            for (int j = 3; j < rows.length; j++) {
                assertEquals(got[j], shifted[j - 3], "dotsBipolar shifted block len=" + len + " j=" + j);
            }
        }
    }
}
