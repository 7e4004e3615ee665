package org.speaktheart.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one numeric comparison used by every STA test: {@code |actual - expected| <= atol + rtol * |expected|},
 * element by element, with a failure message that names the worst element.
 *
 * <p>Published in the sta-core test jar so every module compares numbers the same way.
 *
 * @param atol absolute tolerance (>= 0)
 * @param rtol relative tolerance (>= 0), scaled by the magnitude of the expected value
 */
public record Tolerance(double atol, double rtol) {

    /** Parity between two engines running the same fp32 network (DJL vs ONNX Runtime). */
    public static final Tolerance PARITY = new Tolerance(1e-4, 0);
    /** Exact float math compared with a double-precision reference. */
    public static final Tolerance FLOAT = new Tolerance(1e-5, 1e-5);

    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got atol=" + atol + " rtol=" + rtol);
        }
    }

    /** An absolute-only tolerance. */
    public static Tolerance absolute(double atol) {
        return new Tolerance(atol, 0);
    }

    /** True when one value is within tolerance; NaN never is (unless both are NaN). */
    public boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (expected == actual) {
            return true; // also covers equal infinities
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    /** Largest |actual - expected| over the arrays (lengths must match). */
    public static double maxAbsDiff(float[] expected, float[] actual) {
        requireSameLength(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** Asserts one value. */
    public void assertClose(double expected, double actual, String what) {
        if (!close(expected, actual)) {
            fail(what + ": expected " + expected + " but was " + actual + " (|diff| " + Math.abs(actual - expected)
                    + " > atol " + atol + " + rtol " + rtol + " * |expected|)");
        }
    }

    /** Asserts every element of two float arrays. */
    public void assertClose(float[] expected, float[] actual, String what) {
        requireSameLength(expected.length, actual.length);
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!close(expected[i], actual[i])) {
                double excess = Math.abs((double) actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
                if (worst < 0 || Double.isNaN(excess) || excess > worstExcess) {
                    worst = i;
                    worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                }
            }
        }
        if (worst >= 0) {
            fail(what + ": element " + worst + " expected " + expected[worst] + " but was " + actual[worst]
                    + "; max abs diff " + maxAbsDiff(expected, actual) + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }

    /** Asserts every element of two double arrays. */
    public void assertClose(double[] expected, double[] actual, String what) {
        requireSameLength(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (!close(expected[i], actual[i])) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " (atol " + atol + ", rtol " + rtol + ")");
            }
        }
    }

    private static void requireSameLength(int expected, int actual) {
        if (expected != actual) {
            fail("length mismatch: expected " + expected + " elements but was " + actual);
        }
    }
}
