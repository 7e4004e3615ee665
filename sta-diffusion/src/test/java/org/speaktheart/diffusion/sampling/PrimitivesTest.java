package org.speaktheart.diffusion.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.diffusion.DiffusionArgumentException;

/** Gumbel-max, truncation and guidance on single rows. */
class PrimitivesTest {

    @Test
    void gumbelMaxFollowsTheDistributionAndSkipsZeros() {
        double[] p = {0.5, 0.0, 0.2, 0.3};
        float[] logp = ToyDenoisers.logOf(p);
        SplittableRandom rng = new SplittableRandom(1);
        int n = 50_000;
        int[] counts = new int[4];
        for (int i = 0; i < n; i++) {
            counts[GumbelMax.sample(logp, 0, 4, rng)]++;
        }
        assertEquals(0, counts[1]);
        for (int j = 0; j < 4; j++) {
            double sd = Math.sqrt(n * p[j] * (1 - p[j]));
            assertTrue(Math.abs(counts[j] - n * p[j]) <= 5 * sd, "token " + j + ": " + counts[j]);
        }
        float[] none = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY};
        assertThrows(DiffusionArgumentException.class, () -> GumbelMax.sample(none, 0, 2, rng));
    }

    @Test
    void truncationKeepsTheHeadUpToTheRate() {
        Truncation truncation = new Truncation(5);
        float[] row = ToyDenoisers.logOf(new double[] {0.1, 0.4, 0.05, 0.25, 0.2});
        truncation.apply(row, 0, 5, 0.64);
        // Sorted: 0.4, 0.25 (cum 0.65 >= 0.64): keep {1, 3} and renormalise over 0.65.
        Tolerance.FLOAT.assertClose(new float[] {Float.NEGATIVE_INFINITY, (float) Math.log(0.4 / 0.65),
            Float.NEGATIVE_INFINITY, (float) Math.log(0.25 / 0.65), Float.NEGATIVE_INFINITY}, row, "truncated row");
        float[] full = ToyDenoisers.logOf(new double[] {0.1, 0.4, 0.05, 0.25, 0.2});
        float[] copy = full.clone();
        truncation.apply(full, 0, 5, 1.0);
        Tolerance.FLOAT.assertClose(copy, full, "r = 1 leaves the row");
        float[] logits = ToyDenoisers.logOf(new double[] {0.1, 0.4, 0.05, 0.25, 0.2});
        for (int j = 0; j < 5; j++) {
            logits[j] += 7.25f; // unnormalised input: same result
        }
        truncation.apply(logits, 0, 5, 0.64);
        Tolerance.FLOAT.assertClose(row, logits, "truncated logits");
        float[] peaked = ToyDenoisers.logOf(new double[] {0.1, 0.6, 0.05, 0.15, 0.1});
        truncation.apply(peaked, 0, 5, 0.01);
        Tolerance.FLOAT.assertClose(0.0, peaked[1], "a tiny r keeps only the top token");
    }

    @Test
    void truncationMatchesASortedReferenceOnLargeRows() {
        SplittableRandom rng = new SplittableRandom(12);
        int k = 300;
        Truncation truncation = new Truncation(k);
        for (int rep = 0; rep < 50; rep++) {
            double[] p = new double[k];
            double sum = 0;
            for (int j = 0; j < k; j++) {
                // Heavy-tailed weights, with ties every few entries.
                p[j] = Math.pow(rng.nextInt(40) + 1, 3 + rep % 4);
                sum += p[j];
            }
            for (int j = 0; j < k; j++) {
                p[j] /= sum;
            }
            float[] row = ToyDenoisers.logOf(p);
            double rate = 0.05 + 0.9 * rng.nextDouble();
            // Reference: sort the float row's probabilities, walk down to r, keep every p >= that value.
            double[] sorted = new double[k];
            for (int j = 0; j < k; j++) {
                sorted[j] = Math.exp(row[j]);
            }
            java.util.Arrays.sort(sorted);
            double cumulative = 0;
            double threshold = 0;
            for (int i = k - 1; i >= 0; i--) {
                cumulative += sorted[i];
                if (cumulative >= rate) {
                    threshold = sorted[i];
                    break;
                }
            }
            float[] expected = new float[k];
            double kept = 0;
            for (int j = 0; j < k; j++) {
                kept += Math.exp(row[j]) >= threshold ? Math.exp(row[j]) : 0;
            }
            for (int j = 0; j < k; j++) {
                expected[j] = Math.exp(row[j]) >= threshold ? (float) (row[j] - Math.log(kept)) : Float.NEGATIVE_INFINITY;
            }
            truncation.apply(row, 0, k, rate);
            Tolerance.FLOAT.assertClose(expected, row, "rep " + rep + ", r = " + rate);
        }
    }

    @Test
    void guidanceMixesInLogSpaceAndRenormalises() {
        double[] c = {0.7, 0.2, 0.1};
        double[] u = {0.2, 0.3, 0.5};
        float[] out = new float[3];
        double w = 2.5;
        ClassifierFreeGuidance.combine(ToyDenoisers.logOf(c), 0, ToyDenoisers.logOf(u), 0, 3, w, out, 0);
        double[] expected = new double[3];
        double sum = 0;
        for (int j = 0; j < 3; j++) {
            expected[j] = Math.pow(u[j], 1 - w) * Math.pow(c[j], w);
            sum += expected[j];
        }
        for (int j = 0; j < 3; j++) {
            Tolerance.FLOAT.assertClose(Math.log(expected[j] / sum), out[j], "guided log-probability " + j);
        }
    }
}
