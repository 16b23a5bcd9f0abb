package dev.engram.experiments;

/**
 * Sequential-learning metrics of an accuracy matrix {@code R[t][j]} (accuracy on task j after learning tasks
 * 0..t), T tasks, after Lopez-Paz and Ranzato (GEM, 2017) and Chaudhry et al. (2018):
 * <ul>
 *   <li>average accuracy {@code ACC = 1/T sum_j R[T-1][j]};</li>
 *   <li>backward transfer {@code BWT = 1/(T-1) sum_{j<T-1} (R[T-1][j] - R[j][j])} (negative = forgetting);</li>
 *   <li>forward transfer {@code FWT = 1/(T-1) sum_{j>0} (R[j-1][j] - b[j])}, {@code b[j]} the accuracy of a freshly
 *       initialised model on task j;</li>
 *   <li>forgetting {@code F = 1/(T-1) sum_{j<T-1} max_{l<T-1} (R[l][j] - R[T-1][j])}.</li>
 * </ul>
 * With one task BWT, FWT and forgetting are undefined (NaN). {@code learningAccuracy} is the mean of the
 * diagonal {@code R[j][j]} (how well each task was learned when it was new).
 */
public record Metrics(double acc, double bwt, double fwt, double forgetting, double learningAccuracy) {

    /**
     * The metrics of the first {@code done} rows of {@code r} (a partial run: ACC over the tasks seen so far).
     */
    public static Metrics of(double[][] r, double[] b, int done) {
        if (done <= 0) {
            return new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int last = done - 1;
        double acc = 0;
        for (int j = 0; j <= last; j++) {
            acc += r[last][j];
        }
        acc /= done;
        double la = 0;
        for (int j = 0; j <= last; j++) {
            la += r[j][j];
        }
        la /= done;
        if (done < 2) {
            return new Metrics(acc, Double.NaN, Double.NaN, Double.NaN, la);
        }
        double bwt = 0;
        double forg = 0;
        for (int j = 0; j < last; j++) {
            bwt += r[last][j] - r[j][j];
            double best = Double.NEGATIVE_INFINITY;
            for (int l = j; l < last; l++) {
                best = Math.max(best, r[l][j]);
            }
            forg += best - r[last][j];
        }
        bwt /= last;
        forg /= last;
        double fwt = Double.NaN;
        if (b != null) {
            fwt = 0;
            for (int j = 1; j <= last; j++) {
                fwt += r[j - 1][j] - b[j];
            }
            fwt /= last;
        }
        return new Metrics(acc, bwt, fwt, forg, la);
    }

    /** Mean accuracy over the tasks seen after each task: {@code avg[t] = mean_{j<=t} R[t][j]}. */
    public static double[] averageSeen(double[][] r, int done) {
        double[] a = new double[done];
        for (int t = 0; t < done; t++) {
            double s = 0;
            for (int j = 0; j <= t; j++) {
                s += r[t][j];
            }
            a[t] = s / (t + 1);
        }
        return a;
    }
}
