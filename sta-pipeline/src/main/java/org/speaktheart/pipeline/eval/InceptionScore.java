package org.speaktheart.pipeline.eval;

import java.util.SplittableRandom;

/**
 * The Inception Score of a set of images from their class distributions {@code p(y|x)} (pure
 * functions of arrays, no model).
 *
 * <p>For a group G of images, with {@code p(y) = mean over x in G of p(y|x)} the group's marginal class
 * distribution:
 *
 * <pre>
 * IS(G) = exp( mean over x in G of KL(p(y|x) || p(y)) ),   KL(q || r) = sum_y q_y (ln q_y - ln r_y)
 * </pre>
 *
 * (terms with {@code q_y = 0} count 0). It is 1 when every image gets the same distribution and at
 * most the number of classes; N images each certain of a different class give N. The set is cut
 * into k groups ("splits") of near-equal size (sizes differ by at most one), the score is computed
 * per group, and the mean and the standard deviation over the k groups are reported. The score
 * depends on the group size (larger groups can show more classes), so compare scores at equal image
 * counts and splits.
 */
public final class InceptionScore {
    /** The default number of splits. */
    public static final int DEFAULT_SPLITS = 10;
    /** How far from 1 a row may sum and still be read as a distribution by {@link #probabilities}. */
    static final double DISTRIBUTION_TOLERANCE = 1e-3;

    private InceptionScore() {
    }

    /**
     * Scores over splits.
     *
     * @param mean mean of the per-split scores
     * @param std standard deviation of the per-split scores (population form, dividing by {@code splits}; 0 for one split)
     * @param splits the number of splits used ({@code min(requested, images)})
     */
    public record Result(double mean, double std, int splits) {
    }

    /**
     * The score of the rows in the given order, cut into contiguous splits: split j holds rows
     * {@code [floor(j n / k), floor((j + 1) n / k))} with {@code k = min(splits, n)}.
     *
     * @param probabilities {@code [n][classes]}, each row a distribution (non-negative, summing to 1 within 1e-6)
     * @param splits requested splits (>= 1); fewer when there are fewer rows
     * @throws EvaluationException for no rows, splits below 1, or rows that are not distributions of one length
     */
    public static Result of(double[][] probabilities, int splits) {
        check(probabilities, splits);
        int n = probabilities.length;
        int k = Math.min(splits, n);
        double[] scores = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            int from = (int) ((long) j * n / k);
            int to = (int) ((long) (j + 1) * n / k);
            scores[j] = ofGroup(probabilities, from, to);
            sum += scores[j];
        }
        double mean = sum / k;
        double var = 0;
        for (double s : scores) {
            var += (s - mean) * (s - mean);
        }
        return new Result(mean, Math.sqrt(var / k), k);
    }

    /**
     * The score after a seeded shuffle of the rows: the splits then hold random subsets, not runs of
     * consecutive images. The evaluation uses this because its images come in manifest order, often
     * grouped by concept, and contiguous splits would each see only a few concepts.
     *
     * @param seed seed of the Fisher-Yates shuffle ({@link SplittableRandom}); same seed, same splits
     */
    public static Result of(double[][] probabilities, int splits, long seed) {
        check(probabilities, splits);
        double[][] shuffled = probabilities.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double[] t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        return of(shuffled, splits);
    }

    /** {@code exp(mean KL(p(y|x) || p(y)))} over rows {@code [from, to)}. */
    static double ofGroup(double[][] p, int from, int to) {
        int classes = p[0].length;
        int count = to - from;
        double[] marginal = new double[classes];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < classes; c++) {
                marginal[c] += p[i][c];
            }
        }
        double[] logMarginal = new double[classes];
        for (int c = 0; c < classes; c++) {
            marginal[c] /= count;
            logMarginal[c] = Math.log(marginal[c]);
        }
        double kl = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < classes; c++) {
                double q = p[i][c];
                if (q > 0) { // 0 ln 0 = 0; and q > 0 implies marginal[c] > 0
                    kl += q * (Math.log(q) - logMarginal[c]);
                }
            }
        }
        return Math.exp(kl / count);
    }

    /**
     * Class distributions from a network's class output: a softmax of each row
     * ({@code p_c = exp(l_c - max) / sum exp(l_j - max)}, in double). When every row already is a
     * distribution (all values in [0, 1] and every row summing to 1 within {@value #DISTRIBUTION_TOLERANCE})
     * the output came from a softmax layer; the rows are then only renormalised, since a second softmax
     * would flatten them toward uniform and push the score toward 1. The decision is taken once for
     * the whole set so all rows are treated alike.
     *
     * @param scores {@code [n][classes]} logits or probabilities
     * @return {@code [n][classes]}, each row summing to 1
     */
    public static double[][] probabilities(float[][] scores) {
        boolean distributions = scores.length > 0;
        for (float[] row : scores) {
            double sum = 0;
            for (float v : row) {
                if (!(v >= 0 && v <= 1)) {
                    distributions = false;
                    break;
                }
                sum += v;
            }
            if (!distributions || Math.abs(sum - 1) > DISTRIBUTION_TOLERANCE) {
                distributions = false;
                break;
            }
        }
        double[][] out = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            out[i] = distributions ? renormalised(scores[i]) : softmax(scores[i]);
        }
        return out;
    }

    private static double[] renormalised(float[] row) {
        double sum = 0;
        for (float v : row) {
            sum += v;
        }
        double[] p = new double[row.length];
        for (int c = 0; c < row.length; c++) {
            p[c] = row[c] / sum;
        }
        return p;
    }

    /** Softmax of one row in double, shifted by the maximum so no exponential overflows. */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < logits.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static void check(double[][] p, int splits) {
        if (splits < 1) {
            throw new EvaluationException("the Inception Score needs at least 1 split, got " + splits);
        }
        if (p.length == 0) {
            throw new EvaluationException("the Inception Score needs at least 1 image, got none");
        }
        int classes = p[0].length;
        for (int i = 0; i < p.length; i++) {
            if (p[i].length != classes || classes == 0) {
                throw new EvaluationException("class distributions must all have " + classes + " (> 0) values, row " + i + " has "
                        + p[i].length);
            }
            double sum = 0;
            for (double v : p[i]) {
                if (!(v >= 0 && v <= 1)) {
                    throw new EvaluationException("row " + i + " is not a class distribution: it holds " + v
                            + "; every value must be in [0, 1] (use probabilities(...) on logits)");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                throw new EvaluationException("row " + i + " is not a class distribution: it sums to " + sum
                        + "; every row must sum to 1 (use probabilities(...) on logits)");
            }
        }
    }
}
