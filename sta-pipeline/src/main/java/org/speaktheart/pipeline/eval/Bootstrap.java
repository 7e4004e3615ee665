package org.speaktheart.pipeline.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals of a mean: resample the n per-item values with
 * replacement B times, take the mean of each resample, and report the {@code (1 - level) / 2} and
 * {@code (1 + level) / 2} quantiles of those means. Seeded: the same values, B, level and seed give
 * the same interval.
 *
 * <p>The items are the test records (each record's value is the mean over its samples), so the
 * interval reflects the variation between inputs, not between samples of one input.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /**
     * A mean with its interval.
     *
     * @param mean the mean of the values
     * @param low lower bound of the interval
     * @param high upper bound of the interval
     * @param level confidence level, e.g. 0.95
     * @param resamples number of bootstrap resamples
     */
    public record Interval(double mean, double low, double high, double level, int resamples) {
    }

    /**
     * @param values per-item values (at least 1)
     * @param resamples B, at least 100
     * @param level confidence level in (0, 1)
     * @param seed seed of the resampling
     * @throws EvaluationException for empty values or settings out of range
     */
    public static Interval interval(double[] values, int resamples, double level, long seed) {
        if (values.length == 0) {
            throw new EvaluationException("a bootstrap interval needs at least 1 value, got none");
        }
        if (resamples < 100) {
            throw new EvaluationException("bootstrap resamples must be >= 100, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new EvaluationException("bootstrap level must be in (0, 1), got " + level);
        }
        int n = values.length;
        double mean = Arrays.stream(values).sum() / n;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        double alpha = (1 - level) / 2;
        int lo = (int) Math.floor(alpha * resamples);
        int hi = Math.min(resamples - 1, (int) Math.ceil((1 - alpha) * resamples) - 1);
        return new Interval(mean, means[lo], means[hi], level, resamples);
    }
}
