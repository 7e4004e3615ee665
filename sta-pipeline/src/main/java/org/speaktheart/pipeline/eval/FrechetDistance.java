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
 * The matrix square roots come from symmetric eigen decompositions (Jacobi rotations, {@code SymmetricEigen}); the inner
 * product {@code S1^1/2 S2 S1^1/2} is symmetric positive semi-definite, so its square root's trace is
 * the sum of the square roots of its eigenvalues (tiny negative eigenvalues from rounding are
 * clamped to 0). This equals {@code tr((S1 S2)^1/2)} of the usual formula without needing a
 * non-symmetric square root, and stays defined when there are fewer samples than dimensions
 * (singular covariances). With fewer samples than dimensions the distance of two sample sets is
 * computed from the samples directly ({@link #between(float[][], float[][])}), which keeps the
 * 2048-d Inception features (standard FID) affordable.
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

    /**
     * FD between the Gaussians fitted to two feature sets ({@code [n][D]}, {@code [m][D]}, n, m >= 2).
     *
     * <p>When a set has fewer rows than dimensions ({@code min(n, m) < D}, e.g. a few hundred images in
     * the 2048-d Inception pool space), the distance is computed from the centred samples instead of
     * the D x D covariances (see {@code fromSamples}); both routes give the same value up to
     * rounding, the sample route in {@code O(n m D + min(n, m)^3)} instead of {@code O(D^3)}.
     *
     * @throws EvaluationException for fewer than 2 rows on a side or rows of unequal length
     */
    public static double between(float[][] a, float[][] b) {
        if (a.length >= 2 && b.length >= 2 && Math.min(a.length, b.length) < a[0].length) {
            return fromSamples(a, b);
        }
        return between(Gaussian.fit(a), Gaussian.fit(b));
    }

    /**
     * FD from centred samples, without forming a covariance. With {@code A [n][D]} and {@code B [m][D]}
     * the centred rows, {@code S1 = A^T A / (n - 1)} and {@code S2 = B^T B / (m - 1)}:
     *
     * <pre>
     * tr S1 = |A|_F^2 / (n - 1),  tr S2 = |B|_F^2 / (m - 1)
     * S1 S2 = A^T (A B^T B) / c  with c = (n - 1)(m - 1); its non-zero eigenvalues are those of
     *   (A B^T B) A^T / c = M M^T / c  with M = A B^T [n][m]   (XY and YX share non-zero eigenvalues)
     * tr (S1 S2)^1/2 = sum of sqrt(eigenvalues of M M^T) / sqrt(c) = (sum of singular values of M) / sqrt(c)
     * </pre>
     *
     * The eigenvalues come from the smaller of {@code M M^T} and {@code M^T M}.
     */
    static double fromSamples(float[][] a, float[][] b) {
        int d = a[0].length;
        double[] muA = columnMean(a, d);
        double[] muB = columnMean(b, d);
        double[][] ca = centred(a, muA); // [n][D]
        double[][] cb = centred(b, muB); // [m][D]
        int n = ca.length;
        int m = cb.length;
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = muA[j] - muB[j];
            meanTerm += diff * diff;
        }
        double trace = frobeniusSquared(ca) / (n - 1) + frobeniusSquared(cb) / (m - 1);
        double[][] cross = new double[n][m]; // M = A B^T
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                cross[i][k] = dot(ca[i], cb[k]);
            }
        }
        double[][] gram = n <= m ? gramOfRows(cross) : gramOfRows(transpose(cross)); // [min(n, m)]^2
        double nuclear = 0;
        for (double l : SymmetricEigen.values(gram)) {
            nuclear += Math.sqrt(Math.max(0, l));
        }
        double traceOfRoot = nuclear / Math.sqrt((double) (n - 1) * (m - 1));
        // Rounding can leave a tiny negative value for identical inputs; the distance is >= 0.
        return Math.max(0, meanTerm + trace - 2 * traceOfRoot);
    }

    private static double[] columnMean(float[][] x, int d) {
        double[] mean = new double[d];
        for (float[] row : x) {
            if (row.length != d) {
                throw new EvaluationException("feature rows must all have " + d + " values, found one with " + row.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= x.length;
        }
        return mean;
    }

    private static double[][] centred(float[][] x, double[] mean) {
        double[][] out = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = x[i][j] - mean[j];
            }
        }
        return out;
    }

    private static double frobeniusSquared(double[][] x) {
        double sum = 0;
        for (double[] row : x) {
            sum += dot(row, row);
        }
        return sum;
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int j = 0; j < u.length; j++) {
            sum += u[j] * v[j];
        }
        return sum;
    }

    /** {@code X X^T} of {@code X [r][c]}: {@code [r][r]}. */
    private static double[][] gramOfRows(double[][] x) {
        int r = x.length;
        double[][] g = new double[r][r];
        for (int i = 0; i < r; i++) {
            for (int k = i; k < r; k++) {
                g[i][k] = dot(x[i], x[k]);
                g[k][i] = g[i][k];
            }
        }
        return g;
    }

    private static double[][] transpose(double[][] x) {
        double[][] t = new double[x[0].length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                t[j][i] = x[i][j];
            }
        }
        return t;
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
        for (double l : SymmetricEigen.values(m.getData())) {
            sum += Math.sqrt(Math.max(0, l));
        }
        return sum;
    }

    private static RealMatrix symmetrize(RealMatrix m) {
        return m.add(m.transpose()).scalarMultiply(0.5);
    }
}
