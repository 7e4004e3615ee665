package org.speaktheart.pipeline.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Percentile bootstrap: coverage on synthetic data, width, determinism, degenerate and bad inputs. */
class EvalBootstrapTest {

    @Test
    void intervalsCoverTheTrueAccuracyAtAboutTheirLevel() {
        double p = 0.3;
        int n = 200;
        int trials = 200;
        int covered = 0;
        double width = 0;
        SplittableRandom data = new SplittableRandom(5);
        for (int t = 0; t < trials; t++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = data.nextDouble() < p ? 1 : 0;
            }
            Bootstrap.Interval ci = Bootstrap.interval(v, 1000, 0.95, 100 + t);
            covered += ci.low() <= p && p <= ci.high() ? 1 : 0;
            width += (ci.high() - ci.low()) / trials;
            assertTrue(ci.low() <= ci.mean() && ci.mean() <= ci.high(), "the interval holds its mean");
        }
        double coverage = (double) covered / trials;
        assertTrue(coverage >= 0.89 && coverage <= 0.99, "coverage " + coverage + " should be near 0.95");
        double normalWidth = 2 * 1.96 * Math.sqrt(p * (1 - p) / n);
        assertEquals(normalWidth, width, 0.15 * normalWidth, "mean width near the normal approximation");
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        double[] v = new double[50];
        SplittableRandom data = new SplittableRandom(9);
        for (int i = 0; i < v.length; i++) {
            v[i] = data.nextDouble();
        }
        assertEquals(Bootstrap.interval(v, 1000, 0.9, 42), Bootstrap.interval(v, 1000, 0.9, 42));
        assertNotEquals(Bootstrap.interval(v, 1000, 0.9, 42), Bootstrap.interval(v, 1000, 0.9, 43));
    }

    @Test
    void constantValuesGiveAPointInterval() {
        Bootstrap.Interval ci = Bootstrap.interval(new double[] {0.5, 0.5, 0.5}, 200, 0.95, 1);
        assertEquals(0.5, ci.mean(), 0);
        assertEquals(0.5, ci.low(), 0);
        assertEquals(0.5, ci.high(), 0);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(EvaluationException.class, () -> Bootstrap.interval(new double[0], 1000, 0.95, 1));
        assertThrows(EvaluationException.class, () -> Bootstrap.interval(new double[] {1}, 10, 0.95, 1));
        assertThrows(EvaluationException.class, () -> Bootstrap.interval(new double[] {1}, 1000, 1.0, 1));
    }
}
