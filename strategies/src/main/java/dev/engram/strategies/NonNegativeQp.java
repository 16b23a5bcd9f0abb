package dev.engram.strategies;

/**
 * A small exact solver for {@code minimise ½ vᵀQv + pᵀv subject to v ≥ 0}, Q symmetric positive semi-definite:
 * the dual of GEM's projection, with one variable per earlier task. It is the active-set method of Lawson and
 * Hanson (1974, NNLS) on the normal equations: variables enter the free set while one of them has a negative
 * gradient, each free set is solved exactly (Cholesky, with a tiny ridge against linearly dependent gradients),
 * and a step that would make a free variable negative is cut at the boundary and the variable leaves. It ends in
 * finitely many steps at a point meeting the KKT conditions to within a relative tolerance.
 */
public final class NonNegativeQp {
    private NonNegativeQp() {
    }

    /**
     * The minimiser {@code v ≥ 0} of {@code ½ vᵀQv + pᵀv}.
     *
     * @param q symmetric positive semi-definite, t×t
     * @param p length t
     */
    public static double[] solve(double[][] q, double[] p) {
        int t = p.length;
        if (q.length != t) {
            throw new IllegalArgumentException("Q is " + q.length + "×?; p has length " + t);
        }
        double scale = 0;
        for (int i = 0; i < t; i++) {
            if (q[i].length != t) {
                throw new IllegalArgumentException("Q row " + i + " has length " + q[i].length + "; expected " + t);
            }
            scale = Math.max(scale, Math.max(Math.abs(q[i][i]), Math.abs(p[i])));
        }
        double[] v = new double[t];
        if (scale == 0) {
            return v;
        }
        double tol = 1e-12 * scale;
        boolean[] free = new boolean[t];
        double[] w = new double[t];
        double[] s = new double[t];
        for (int outer = 0; outer < 10 * t + 10; outer++) {
            negGradient(q, p, v, w);
            int j = -1;
            for (int i = 0; i < t; i++) {
                if (!free[i] && w[i] > tol && (j < 0 || w[i] > w[j])) {
                    j = i;
                }
            }
            if (j < 0) {
                break;
            }
            free[j] = true;
            for (int inner = 0; inner <= t; inner++) {
                solveFree(q, p, free, s, scale);
                boolean positive = true;
                for (int i = 0; i < t; i++) {
                    if (free[i] && s[i] <= 0) {
                        positive = false;
                        break;
                    }
                }
                if (positive) {
                    System.arraycopy(s, 0, v, 0, t);
                    break;
                }
                double alpha = 1;
                for (int i = 0; i < t; i++) {
                    if (free[i] && s[i] <= 0) {
                        alpha = Math.min(alpha, v[i] / (v[i] - s[i]));
                    }
                }
                for (int i = 0; i < t; i++) {
                    v[i] += alpha * (s[i] - v[i]);
                    if (free[i] && v[i] <= 1e-15 * scale) {
                        free[i] = false;
                        v[i] = 0;
                    }
                }
            }
        }
        return v;
    }

    /** w = −(Qv + p): positive entries are directions in which the objective still decreases. */
    private static void negGradient(double[][] q, double[] p, double[] v, double[] w) {
        for (int i = 0; i < p.length; i++) {
            double sum = p[i];
            for (int k = 0; k < p.length; k++) {
                sum += q[i][k] * v[k];
            }
            w[i] = -sum;
        }
    }

    /** s_F = −Q_FF⁻¹ p_F, s elsewhere 0 (Cholesky of Q_FF with a tiny ridge). */
    private static void solveFree(double[][] q, double[] p, boolean[] free, double[] s, double scale) {
        int t = p.length;
        int m = 0;
        int[] idx = new int[t];
        for (int i = 0; i < t; i++) {
            s[i] = 0;
            if (free[i]) {
                idx[m++] = i;
            }
        }
        double[][] l = new double[m][m];
        double ridge = 1e-12 * scale;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = q[idx[a]][idx[b]] + (a == b ? ridge : 0);
                for (int k = 0; k < b; k++) {
                    sum -= l[a][k] * l[b][k];
                }
                if (a == b) {
                    l[a][a] = Math.sqrt(Math.max(sum, ridge));
                } else {
                    l[a][b] = sum / l[b][b];
                }
            }
        }
        double[] y = new double[m];
        for (int a = 0; a < m; a++) {
            double sum = -p[idx[a]];
            for (int k = 0; k < a; k++) {
                sum -= l[a][k] * y[k];
            }
            y[a] = sum / l[a][a];
        }
        for (int a = m - 1; a >= 0; a--) {
            double sum = y[a];
            for (int k = a + 1; k < m; k++) {
                sum -= l[k][a] * s[idx[k]];
            }
            s[idx[a]] = sum / l[a][a];
        }
    }
}
