package org.speaktheart.diffusion.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.diffusion.DiffusionArgumentException;

class ImportanceTimeSamplerTest {

    @Test
    void uniformUntilEveryStepHasHistory() {
        ImportanceTimeSampler s = new ImportanceTimeSampler(4, 10);
        for (int i = 0; i < 50; i++) {
            s.record(1 + i % 3, 5.0); // t = 4 never recorded
        }
        assertFalse(s.warmedUp());
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, s.probabilities());
        ImportanceTimeSampler.TimeDraw draw = s.sample(3, new SplittableRandom(1));
        for (double pt : draw.pt()) {
            assertEquals(0.25, pt);
        }
    }

    @Test
    void probabilitiesFollowTheRootMeanSquareOfRecentLosses() {
        int steps = 5;
        ImportanceTimeSampler s = new ImportanceTimeSampler(steps, 10);
        int records = 11;
        for (int r = 0; r < records; r++) {
            for (int t = 1; t <= steps; t++) {
                s.record(t, t); // loss t at step t
            }
        }
        assertTrue(s.warmedUp());
        double decay = 1 - Math.pow(0.9, records); // EMA of a constant from 0
        double[] w = new double[steps];
        for (int t = 1; t <= steps; t++) {
            w[t - 1] = Math.sqrt(t * t * decay + 1e-10) + 1e-4;
        }
        w[0] = w[1]; // the decoder term takes the weight of t = 2
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        double[] expected = new double[steps];
        for (int i = 0; i < steps; i++) {
            expected[i] = w[i] / sum;
        }
        Tolerance.FLOAT.assertClose(expected, s.probabilities(), "p(t)");
        int n = 40_000;
        ImportanceTimeSampler.TimeDraw draw = s.sample(n, new SplittableRandom(2));
        int[] counts = new int[steps];
        for (int b = 0; b < n; b++) {
            counts[draw.t()[b] - 1]++;
            assertEquals(expected[draw.t()[b] - 1], draw.pt()[b], 1e-12);
        }
        for (int i = 0; i < steps; i++) {
            double sd = Math.sqrt(n * expected[i] * (1 - expected[i]));
            assertTrue(Math.abs(counts[i] - n * expected[i]) < 5 * sd, "t=" + (i + 1) + ": " + counts[i]);
        }
        ImportanceTimeSampler restored = ImportanceTimeSampler.restore(10, s.history(), s.counts());
        assertArrayEquals(s.probabilities(), restored.probabilities());
    }

    @Test
    void rejectsBadInput() {
        ImportanceTimeSampler s = new ImportanceTimeSampler(3, 10);
        assertThrows(DiffusionArgumentException.class, () -> s.record(0, 1));
        assertThrows(DiffusionArgumentException.class, () -> s.record(4, 1));
        assertThrows(DiffusionArgumentException.class, () -> s.record(2, Double.NaN));
        assertThrows(DiffusionArgumentException.class, () -> new ImportanceTimeSampler(0, 10));
    }
}
