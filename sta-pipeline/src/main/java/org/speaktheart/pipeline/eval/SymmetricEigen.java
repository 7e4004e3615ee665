package org.speaktheart.pipeline.eval;

/**
 * Eigen decomposition {@code A = V diag(values) V^T} of a real symmetric matrix by cyclic Jacobi
 * rotations. Used for the Fréchet distance because the covariances there are usually rank-deficient
 * (fewer images than feature dimensions) with many near-equal eigenvalues, where Commons Math's QL
 * iteration can stop with "convergence failed"; Jacobi converges for every symmetric matrix and is
 * accurate for small eigenvalues. Cost about {@code 10 n^3} per sweep; a few to a dozen sweeps.
 */
final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    /** Eigenvalues, in no particular order. */
    final double[] values;
    /** {@code [n][n]}: column j is the unit eigenvector of {@code values[j]}; null from {@link #values}. */
    final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes {@code (m + m^T) / 2}.
     *
     * @param m a square matrix ({@code [n][n]}), not modified
     * @throws EvaluationException when it is not square or holds a non-finite value
     */
    static SymmetricEigen of(double[][] m) {
        return decompose(m, true);
    }

    /**
     * Eigenvalues only of {@code (m + m^T) / 2}, in no particular order: the same rotations without
     * accumulating the eigenvectors, about a third cheaper (what a trace of a square root needs).
     *
     * @param m a square matrix ({@code [n][n]}), not modified
     * @throws EvaluationException when it is not square or holds a non-finite value
     */
    static double[] values(double[][] m) {
        return decompose(m, false).values;
    }

    private static SymmetricEigen decompose(double[][] m, boolean withVectors) {
        int n = m.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (m[i].length != n) {
                throw new EvaluationException("eigen decomposition needs a square matrix, row " + i + " has " + m[i].length
                        + " entries for " + n + " rows");
            }
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * (m[i][j] + m[j][i]);
                if (!Double.isFinite(a[i][j])) {
                    throw new EvaluationException("eigen decomposition needs finite entries, got " + a[i][j] + " at (" + i + ", " + j + ")");
                }
            }
        }
        double[][] v = withVectors ? new double[n][n] : null;
        for (int i = 0; withVectors && i < n; i++) {
            v[i][i] = 1;
        }
        double total = 0;
        for (double[] row : a) {
            for (double x : row) {
                total += x * x;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * total || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = a[p][q];
                    if (apq == 0) {
                        continue;
                    }
                    // the rotation angle that zeroes a[p][q]: t = tan(phi), the smaller root of t^2 + 2 theta t - 1 = 0
                    double theta = (a[q][q] - a[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    double[] rowP = a[p];
                    double[] rowQ = a[q];
                    for (int k = 0; k < n; k++) {
                        double apk = rowP[k];
                        double aqk = rowQ[k];
                        rowP[k] = c * apk - s * aqk;
                        rowQ[k] = s * apk + c * aqk;
                    }
                    for (int k = 0; withVectors && k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new SymmetricEigen(values, v);
    }
}
