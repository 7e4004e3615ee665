package org.speaktheart.diffusion.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;

class LogMathTest {

    private static final Tolerance TOL = new Tolerance(1e-15, 1e-13);

    @Test
    void logAddExpIsStableAndExactAtZeroProbability() {
        TOL.assertClose(Math.log(0.3 + 0.5), LogMath.logAddExp(Math.log(0.3), Math.log(0.5)), "log(0.3 + 0.5)");
        TOL.assertClose(-1000 + Math.log(2), LogMath.logAddExp(-1000, -1000), "no underflow");
        TOL.assertClose(1000 + Math.log1p(Math.exp(-1)), LogMath.logAddExp(1000, 999), "no overflow");
        assertEquals(-3.0, LogMath.logAddExp(-3.0, LogMath.NEG_INF));
        assertEquals(LogMath.NEG_INF, LogMath.logAddExp(LogMath.NEG_INF, LogMath.NEG_INF));
    }

    @Test
    void log1mexpKeepsPrecisionAtBothEnds() {
        // 1 - exp(-1e-10) = 1e-10 - 5e-21: naive log(1 - exp(a)) loses about 7 digits here.
        TOL.assertClose(Math.log(1e-10 - 5e-21), LogMath.log1mexp(-1e-10), "near 0");
        TOL.assertClose(Math.log1p(-Math.exp(-40)), LogMath.log1mexp(-40), "far from 0");
        TOL.assertClose(Math.log(1 - Math.exp(-0.7)), LogMath.log1mexp(-0.7), "at the switch");
        assertEquals(LogMath.NEG_INF, LogMath.log1mexp(0));
    }

    @Test
    void logSoftmaxNormalises() {
        float[] x = {1000f, 1001f, Float.NEGATIVE_INFINITY, 999f};
        LogMath.logSoftmaxInPlace(x, 0, 4);
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(v);
        }
        Tolerance.FLOAT.assertClose(1.0, sum, "softmax sums to 1");
        assertEquals(Float.NEGATIVE_INFINITY, x[2]);
    }
}
