package dev.engram.experiments;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Mean, standard deviation and the two-sided 95 % Student-t confidence interval of a sample (Apache Commons
 * Math): {@code mean ± t(0.975, n−1)·sd/√n}. One value has no interval (NaN bounds); NaN values are left out and
 * counted in {@code missing}.
 */
public record Interval(int count, int missing, double mean, double sd, double low, double high) {

    /** The interval of {@code values}. */
    public static Interval of(double... values) {
        SummaryStatistics s = new SummaryStatistics();
        int missing = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                missing++;
            } else {
                s.addValue(v);
            }
        }
        long n = s.getN();
        if (n == 0) {
            return new Interval(0, missing, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = s.getMean();
        if (n == 1) {
            return new Interval(1, missing, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double sd = s.getStandardDeviation();
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new Interval((int) n, missing, mean, sd, mean - half, mean + half);
    }

    /** Half the width of the interval. */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /** {@code 0.953 ± 0.004} (NaN parts left out). */
    public String text(String format) {
        if (Double.isNaN(mean)) {
            return "n/a";
        }
        String m = String.format(java.util.Locale.ROOT, format, mean);
        return Double.isNaN(low) ? m : m + " ± " + String.format(java.util.Locale.ROOT, format, halfWidth());
    }
}
