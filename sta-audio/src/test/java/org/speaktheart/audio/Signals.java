package org.speaktheart.audio;

import java.util.SplittableRandom;

/** Test signals and measurements shared by the sta-audio tests. */
public final class Signals {
    private Signals() {
    }

    /** @return {@code amplitude * sin(2 pi f i / rate + phase)} for i in [0, n) */
    public static float[] sine(double freq, double amplitude, double phase, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freq * i / rate + phase));
        }
        return x;
    }

    /** @return uniform noise in [-amplitude, amplitude) from a fixed seed */
    public static float[] noise(long seed, double amplitude, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * (2 * r.nextDouble() - 1));
        }
        return x;
    }

    /**
     * Least-squares fit of {@code a sin + b cos} at {@code freq} over x[from, to).
     *
     * @return {amplitude, residual rms}
     */
    public static double[] fitTone(float[] x, double freq, int rate, int from, int to) {
        double ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * freq * i / rate;
            double s = Math.sin(w);
            double c = Math.cos(w);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            xs += x[i] * s;
            xc += x[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det;
        double b = (xc * ss - xs * sc) / det;
        double res = 0;
        for (int i = from; i < to; i++) {
            double w = 2 * Math.PI * freq * i / rate;
            double e = x[i] - a * Math.sin(w) - b * Math.cos(w);
            res += e * e;
        }
        return new double[] {Math.hypot(a, b), Math.sqrt(res / (to - from))};
    }

    /** @return rms of x[from, to) */
    public static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /** Asserts {@code |actual - expected| <= atol + rtol |expected|} element-wise, naming the first failure. */
    public static void assertClose(double[] expected, float[] actual, double atol, double rtol, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = atol + rtol * Math.abs(expected[i]);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(what + "[" + i + "]: " + actual[i] + ", expected " + expected[i]
                        + " within " + tol);
            }
        }
    }
}
