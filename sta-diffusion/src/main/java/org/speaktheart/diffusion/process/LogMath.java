package org.speaktheart.diffusion.process;

/**
 * Numerically stable log-space helpers shared by the process, the loss and the samplers. Negative
 * infinity stands for probability 0 and is handled exactly.
 */
public final class LogMath {

    /** log(0). */
    public static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private LogMath() {
    }

    /**
     * log(exp(a) + exp(b)) without overflow; exact when either side is -inf. Uses {@code log(1 + e)}
     * rather than {@code log1p(e)}: the JIT compiles {@code Math.log} to an intrinsic but not
     * {@code log1p}, and the absolute error (at most about 1e-16 when {@code e} is below the double
     * epsilon) is far below float resolution of the result.
     */
    public static double logAddExp(double a, double b) {
        if (a == NEG_INF) {
            return b;
        }
        if (b == NEG_INF) {
            return a;
        }
        return a > b ? a + Math.log(1.0 + Math.exp(b - a)) : b + Math.log(1.0 + Math.exp(a - b));
    }

    /**
     * log(1 - exp(a)) for {@code a <= 0} (Maechler's log1mexp: expm1 near 0, log1p further away);
     * returns -inf for {@code a = 0} and NaN for {@code a > 0}.
     */
    public static double log1mexp(double a) {
        return a > -0.6931471805599453 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
    }

    /** log of a probability, with log(0) = -inf. */
    public static double log(double p) {
        return p > 0 ? Math.log(p) : NEG_INF;
    }

    /** log(sum_i exp(x[off + i])) over {@code len} entries; -inf when all entries are -inf. */
    public static double logSumExp(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = off, end = off + len; i < end; i++) {
            if (x[i] > max) {
                max = x[i];
            }
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return NEG_INF;
        }
        double sum = 0;
        for (int i = off, end = off + len; i < end; i++) {
            sum += Math.exp(x[i] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * Replaces {@code x[off .. off+len)} by its log-softmax (log-probabilities that sum to one in
     * probability space).
     */
    public static void logSoftmaxInPlace(float[] x, int off, int len) {
        double lse = logSumExp(x, off, len);
        for (int i = off, end = off + len; i < end; i++) {
            x[i] = (float) (x[i] - lse);
        }
    }
}
