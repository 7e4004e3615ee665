package org.speaktheart.diffusion.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.diffusion.DiffusionArgumentException;

/** The geometry of condition augmentation: kept norm, the promised cosine, no change when off. */
class ConditionNoiseTest {
    private static final int DIM = 256;

    private static float[] randomVector(SplittableRandom r, float norm) {
        float[] v = new float[DIM];
        double s = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (r.nextDouble() - 0.3);
            s += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] *= (float) (norm / Math.sqrt(s));
        }
        return v;
    }

    private static double dot(float[] a, float[] b, int offset) {
        double s = 0;
        for (int i = 0; i < DIM; i++) {
            s += (double) a[i] * b[offset + i];
        }
        return s;
    }

    @Test
    void keepsTheNormAndMovesTheDirectionByTheStrength() {
        SplittableRandom r = new SplittableRandom(7);
        for (double strength : new double[] {0.5, 1, 2}) {
            double meanCos = 0;
            int n = 400;
            for (int k = 0; k < n; k++) {
                float[] c = randomVector(r, 1.7f);
                // the vector sits at an offset inside a batch buffer, as in the training task
                float[] buffer = new float[3 * DIM];
                System.arraycopy(c, 0, buffer, DIM, DIM);
                ConditionNoise.applyWithStrength(buffer, DIM, DIM, strength, r);
                assertEquals(1.7, Math.sqrt(normSquared(buffer, DIM)), 1e-4);
                meanCos += dot(c, buffer, DIM) / (1.7 * 1.7) / n;
                assertEquals(0f, buffer[0]);
                assertEquals(0f, buffer[2 * DIM]);
            }
            assertEquals(1 / Math.sqrt(1 + strength * strength), meanCos, 0.02, "strength " + strength);
        }
    }

    @Test
    void drawsStrengthsUpToTheMaximum() {
        SplittableRandom r = new SplittableRandom(3);
        ConditionNoise noise = new ConditionNoise(2);
        double min = 1;
        double max = 0;
        for (int k = 0; k < 500; k++) {
            float[] c = randomVector(r, 1f);
            float[] d = c.clone();
            noise.apply(d, 0, DIM, r);
            double cos = dot(c, d, 0);
            min = Math.min(min, cos);
            max = Math.max(max, cos);
        }
        assertTrue(max > 0.98, "strengths near 0 leave the direction: " + max);
        assertTrue(min < 0.5 && min > 0.35, "strength 2 gives cos about 0.45: " + min);
    }

    @Test
    void offLeavesConditionsAndTheRandomStreamAlone() {
        SplittableRandom a = new SplittableRandom(11);
        SplittableRandom b = new SplittableRandom(11);
        float[] c = randomVector(a, 1f);
        float[] before = c.clone();
        ConditionNoise.none().apply(c, 0, DIM, a);
        assertArrayEquals(before, c);
        randomVector(b, 1f);
        assertEquals(b.nextLong(), a.nextLong(), "no draws when off, so runs without noise are unchanged");
        float[] zero = new float[DIM];
        new ConditionNoise(1).apply(zero, 0, DIM, a);
        assertArrayEquals(new float[DIM], zero, "a null vector has no direction to perturb");
    }

    @Test
    void refusesStrengthsOutsideTheRange() {
        assertThrows(DiffusionArgumentException.class, () -> new ConditionNoise(-0.1));
        assertThrows(DiffusionArgumentException.class, () -> new ConditionNoise(Double.NaN));
        DiffusionArgumentException e = assertThrows(DiffusionArgumentException.class, () -> new ConditionNoise(11));
        assertTrue(e.getMessage().contains("[0, 10]"), e.getMessage());
    }

    private static double normSquared(float[] v, int offset) {
        double s = 0;
        for (int i = offset; i < offset + DIM; i++) {
            s += (double) v[i] * v[i];
        }
        return s;
    }
}
