package org.speaktheart.pipeline.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fréchet distance between two Gaussians fitted to feature sets (the statistic behind FID):
 *
 * <pre>
 * FD = |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1^1/2 S2 S1^1/2)^1/2)
 * </pre>
 *
 * The matrix square roots come from symmetric eigen decompositions (Commons Math); the inner
 * product {@code S1^1/2 S2 S1^1/2} is symmetric positive semi-definite, so its square root's trace is
 * the sum of the square roots of its eigenvalues (tiny negative eigenvalues from rounding are
 * clamped to 0). This equals {@code tr((S1 S2)^1/2)} of the usual formula without needing a
 * non-symmetric square root, and stays defined when there are fewer samples than dimensions
 * (singular covariances).
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /**
     * Mean and covariance of a feature set.
     *
     * @param mean {@code [D]}
     * @param covariance {@code [D][D]}, unbiased (divides by n - 1)
     * @param count samples it was fitted to
     */
    public record Gaussian(double[] mean, double[][] covariance, int count) {

        /**
         * Fits the Gaussian to rows of features.
         *
         * @param features {@code [n][D]} with n >= 2
         * @throws EvaluationException for fewer than 2 rows or rows of unequal length
         */
        public static Gaussian fit(float[][] features) {
            int n = features.length;
            if (n < 2) {
                throw new EvaluationException("a covariance needs at least 2 feature rows, got " + n);
            }
            int d = features[0].length;
            double[] mean = new double[d];
            for (float[] row : features) {
                if (row.length != d) {
                    throw new EvaluationException("feature rows must all have " + d + " values, found one with " + row.length);
                }
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j];
                }
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            double[][] cov = new double[d][d];
            double[] c = new double[d];
            for (float[] row : features) {
                for (int j = 0; j < d; j++) {
                    c[j] = row[j] - mean[j];
                }
                for (int a = 0; a < d; a++) {
                    double ca = c[a];
                    for (int b = a; b < d; b++) {
                        cov[a][b] += ca * c[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] /= n - 1;
                    cov[b][a] = cov[a][b];
                }
            }
            return new Gaussian(mean, cov, n);
        }
    }

    /** FD between the Gaussians fitted to two feature sets ({@code [n][D]}, {@code [m][D]}, n, m >= 2). */
    public static double between(float[][] a, float[][] b) {
        return between(Gaussian.fit(a), Gaussian.fit(b));
    }

    /**
     * FD between two Gaussians of the same dimension.
     *
     * @throws EvaluationException when the dimensions differ
     */
    public static double between(Gaussian p, Gaussian q) {
        int d = p.mean().length;
        if (q.mean().length != d) {
            throw new EvaluationException("Fréchet distance needs features of one dimension, got " + d + " and " + q.mean().length);
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = p.mean()[j] - q.mean()[j];
            meanTerm += diff * diff;
        }
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += p.covariance()[j][j] + q.covariance()[j][j];
        }
        RealMatrix s1 = new Array2DRowRealMatrix(p.covariance(), false);
        RealMatrix s2 = new Array2DRowRealMatrix(q.covariance(), false);
        RealMatrix root1 = sqrtSymmetric(s1);
        RealMatrix inner = root1.multiply(s2).multiply(root1);
        double cross = traceOfSqrt(symmetrize(inner));
        // Rounding can leave a tiny negative value for identical inputs; the distance is >= 0.
        return Math.max(0, meanTerm + trace - 2 * cross);
    }

    /** Square root of a symmetric positive semi-definite matrix: V diag(sqrt(max(l, 0))) V^T. */
    static RealMatrix sqrtSymmetric(RealMatrix m) {
        SymmetricEigen e = SymmetricEigen.of(m.getData());
        int d = e.values.length;
        double[][] scaled = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                scaled[i][j] = e.vectors[i][j] * Math.sqrt(Math.max(0, e.values[j]));
            }
        }
        RealMatrix v = new Array2DRowRealMatrix(e.vectors, false);
        return new Array2DRowRealMatrix(scaled, false).multiply(v.transpose());
    }

    private static double traceOfSqrt(RealMatrix m) {
        double sum = 0;
        for (double l : SymmetricEigen.of(m.getData()).values) {
            sum += Math.sqrt(Math.max(0, l));
        }
        return sum;
    }

    private static RealMatrix symmetrize(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
