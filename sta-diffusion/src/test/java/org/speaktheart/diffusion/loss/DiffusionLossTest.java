package org.speaktheart.diffusion.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.speaktheart.core.testing.Tolerance;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.process.ExplicitMatrices;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

class DiffusionLossTest {

    private static final Tolerance TOL = new Tolerance(1e-5, 1e-5);

    private final NoiseSchedule schedule = NoiseSchedule.linear("heavy-replace", 4, 6, 0.8, 0.05, 0.05, 0.5);
    private final DiscreteDiffusion process = new DiscreteDiffusion(schedule);
    private final ExplicitMatrices m = new ExplicitMatrices(schedule);
    private final int k = 4;

    private static double[] randomDistribution(SplittableRandom rng, int len) {
        double[] p = new double[len];
        double sum = 0;
        for (int i = 0; i < len; i++) {
            p[i] = 0.05 + rng.nextDouble();
            sum += p[i];
        }
        for (int i = 0; i < len; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void termsEqualExplicitComputation() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 6;
        int[] x0 = new int[n];
        int[] xt = new int[n];
        double[][] pred = new double[n][];
        float[] logX0 = new float[n * k];
        for (int i = 0; i < n; i++) {
            x0[i] = rng.nextInt(k);
            xt[i] = i % (k + 1); // every kind of x_t, including [MASK] (= 4)
            pred[i] = randomDistribution(rng, k);
            for (int j = 0; j < k; j++) {
                logX0[i * k + j] = (float) Math.log(pred[i][j]);
            }
        }
        LossConfig config = new LossConfig(0.3, true, 1.5, 0.5);
        DiffusionLoss loss = new DiffusionLoss(process, config);
        for (int t = 1; t <= schedule.steps(); t++) {
            double expectedVar = 0;
            double expectedAux = 0;
            for (int i = 0; i < n; i++) {
                double[] model = m.modelPosterior(t - 1, t, pred[i], xt[i]);
                if (t == 1) {
                    expectedVar += -Math.log(model[x0[i]]);
                    expectedAux += -Math.log(model[x0[i]]);
                } else {
                    double[] truth = m.bayesPosterior(t - 1, t, x0[i], xt[i]);
                    double kl = 0;
                    for (int j = 0; j <= k; j++) {
                        if (truth[j] > 0) {
                            kl += truth[j] * Math.log(truth[j] / model[j]);
                        }
                    }
                    double w = xt[i] == k ? 1.5 : 0.5;
                    expectedVar += w * kl;
                    expectedAux += w * -Math.log(pred[i][x0[i]]);
                }
            }
            double pt = 0.2;
            LossTerms terms = loss.compute(x0, xt, 0, logX0, 0, n, t, pt);
            TOL.assertClose(expectedVar, terms.variationalTerm(), "variational term at t=" + t);
            TOL.assertClose(expectedAux, terms.auxiliaryTerm(), "auxiliary term at t=" + t);
            double adaptive = 2.0 - (t - 1) / 6.0;
            TOL.assertClose(expectedVar / pt + 0.3 * adaptive * expectedAux / pt, terms.loss(), "loss at t=" + t);
            assertTrue(terms.variationalTerm() > 0, "a random prediction has a positive KL");
        }
    }

    @Test
    void perfectPredictionHasZeroLoss() {
        int n = 5;
        int[] x0 = {0, 1, 2, 3, 1};
        float[] logX0 = new float[n * k];
        java.util.Arrays.fill(logX0, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            logX0[i * k + x0[i]] = 0f;
        }
        DiffusionLoss loss = new DiffusionLoss(process, LossConfig.VQ_DIFFUSION);
        int[] xt = new int[n];
        SplittableRandom rng = new SplittableRandom(9);
        for (int t = 1; t <= schedule.steps(); t++) {
            process.sampleForward(x0, t, rng, xt);
            LossTerms terms = loss.compute(x0, xt, 0, logX0, 0, n, t, 1.0 / 6);
            Tolerance.absolute(1e-6).assertClose(0.0, terms.variationalTerm(), "KL of the exact posterior, t=" + t);
            Tolerance.absolute(1e-6).assertClose(0.0, terms.loss(), "loss, t=" + t);
        }
    }

    @Test
    void meanPerTokenAndValidation() {
        LossTerms[] terms = {new LossTerms(1, 2, 0, 4), new LossTerms(3, 1, 0, 2)};
        assertEquals(6.0 / (2 * 3), DiffusionLoss.meanPerToken(terms, 3));
        DiffusionLoss loss = new DiffusionLoss(process, LossConfig.VQ_DIFFUSION);
        float[] pred = new float[k];
        assertThrows(DiffusionArgumentException.class, () -> loss.compute(new int[] {0}, new int[] {0}, 0, pred, 0, 1, 7, 0.1));
        assertThrows(DiffusionArgumentException.class, () -> loss.compute(new int[] {0}, new int[] {0}, 0, pred, 0, 1, 2, 0));
        assertThrows(DiffusionArgumentException.class, () -> loss.compute(new int[] {4}, new int[] {0}, 0, pred, 0, 1, 2, 0.1));
        assertThrows(DiffusionArgumentException.class, () -> new LossConfig(-1, true, 1, 1));
    }
}
