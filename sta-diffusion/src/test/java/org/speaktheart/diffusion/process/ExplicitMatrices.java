package org.speaktheart.diffusion.process;

import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * Brute-force reference: the (K+1) x (K+1) transition matrices of a schedule built entry by entry in
 * double precision, {@code Q[i][j] = q(x_t = i | x_{t-1} = j)}, and their products.
 */
public final class ExplicitMatrices {

    private final int k;
    private final double[][][] oneStep; // [t][i][j]

    public ExplicitMatrices(NoiseSchedule schedule) {
        this.k = schedule.codebookSize();
        int steps = schedule.steps();
        oneStep = new double[steps + 1][][];
        for (int t = 1; t <= steps; t++) {
            double a = schedule.alpha(t);
            double b = schedule.beta(t);
            double g = schedule.gamma(t);
            double[][] q = new double[k + 1][k + 1];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < k; i++) {
                    q[i][j] = (i == j ? a : 0) + b;
                }
                q[k][j] = g;
            }
            q[k][k] = 1;
            oneStep[t] = q;
        }
    }

    /** Q_{s->t} = Q_t ... Q_{s+1} (identity when s == t). */
    public double[][] product(int s, int t) {
        double[][] m = identity();
        for (int u = s + 1; u <= t; u++) {
            m = multiply(oneStep[u], m);
        }
        return m;
    }

    /** q(x_s = j | x_t, x0) by Bayes' rule on the explicit matrices. */
    public double[] bayesPosterior(int s, int t, int x0, int xt) {
        double[][] qst = product(s, t);
        double[][] q0s = product(0, s);
        double[][] q0t = product(0, t);
        double[] out = new double[k + 1];
        for (int j = 0; j <= k; j++) {
            out[j] = qst[xt][j] * q0s[j][x0] / q0t[xt][x0];
        }
        return out;
    }

    /** sum_x0 q(x_s | x_t, x0) p(x0). */
    public double[] modelPosterior(int s, int t, double[] p, int xt) {
        double[] out = new double[k + 1];
        for (int x0 = 0; x0 < k; x0++) {
            double[] post = bayesPosterior(s, t, x0, xt);
            for (int j = 0; j <= k; j++) {
                out[j] += post[j] * p[x0];
            }
        }
        return out;
    }

    public static double[] apply(double[][] m, double[] x) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < x.length; j++) {
                out[i] += m[i][j] * x[j];
            }
        }
        return out;
    }

    private double[][] identity() {
        double[][] m = new double[k + 1][k + 1];
        for (int i = 0; i <= k; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < n; l++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][l] * b[l][j];
                }
            }
        }
        return c;
    }
}
