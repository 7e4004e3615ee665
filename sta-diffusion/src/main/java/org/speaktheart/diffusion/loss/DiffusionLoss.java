package org.speaktheart.diffusion.loss;

import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.process.Jump;

/**
 * The VQ-Diffusion training loss as plain arithmetic over arrays, the reference that a trainer on a
 * tensor engine mirrors (and is tested against).
 *
 * <p>For a grid with clean tokens {@code x0}, noisy tokens {@code x_t ~ q(x_t | x0)} and the network's
 * log {@code p(x_0 | x_t)}: the model posterior {@code p(x_{t-1} | x_t)} and the true posterior
 * {@code q(x_{t-1} | x_t, x_0)} are computed with {@link DiscreteDiffusion} (docs/diffusion.md eq. D4, D5); the
 * variational term is their KL for {@code t >= 2} and the decoder NLL at {@code t = 1} (eq. D6); the
 * auxiliary term is the cross-entropy of the true {@code x_0} under the prediction (eq. D7). The per
 * grid loss is divided by the probability {@code pt} with which t was drawn. The original code then
 * averages over the {@code B * N} tokens of the batch: {@link #meanPerToken}.
 *
 * <p>Not thread-safe (reuses two scratch rows).
 */
public final class DiffusionLoss {

    private final DiscreteDiffusion process;
    private final LossConfig config;
    private final int k;
    private final float[] modelRow;
    private final float[] trueRow;

    /** A loss for the given process and weights. */
    public DiffusionLoss(DiscreteDiffusion process, LossConfig config) {
        if (process == null || config == null) {
            throw new DiffusionArgumentException("process and config must not be null");
        }
        this.process = process;
        this.config = config;
        this.k = process.codebookSize();
        this.modelRow = new float[k + 1];
        this.trueRow = new float[k + 1];
    }

    /**
     * The loss terms of one grid.
     *
     * @param x0     clean tokens {@code [N]} from {@code tokOff}, values {@code 0..K-1}
     * @param xt     noisy tokens {@code [N]} from {@code tokOff}, values {@code 0..K}
     * @param logX0  normalised log {@code p(x_0 | x_t)}, {@code [N, K]} row-major from {@code predOff}
     * @param length N
     * @param t      the 1-based timestep
     * @param pt     the probability with which t was drawn ({@code > 0}; {@code 1 / T} when uniform)
     */
    public LossTerms compute(int[] x0, int[] xt, int tokOff, float[] logX0, int predOff, int length, int t, double pt) {
        if (t < 1 || t > process.steps()) {
            throw new DiffusionArgumentException("t must be in [1, " + process.steps() + "], got " + t);
        }
        if (!(pt > 0 && pt <= 1)) {
            throw new DiffusionArgumentException("pt must be in (0, 1], got " + pt);
        }
        Jump jump = process.jump(t - 1, t);
        double variational = 0;
        double auxiliary = 0;
        for (int n = 0; n < length; n++) {
            int clean = x0[tokOff + n];
            int noisy = xt[tokOff + n];
            if (clean < 0 || clean >= k || noisy < 0 || noisy > k) {
                throw new DiffusionArgumentException("position " + n + ": x0 must be in [0, " + (k - 1)
                        + "] and x_t in [0, " + k + "], got " + clean + " and " + noisy);
            }
            int rowOff = predOff + n * k;
            DiscreteDiffusion.posterior(jump, logX0, rowOff, noisy, modelRow, 0);
            if (t == 1) {
                double nll = -modelRow[clean];
                variational += nll;
                auxiliary += nll;
            } else {
                double weight = noisy == k ? config.maskedWeight() : config.unmaskedWeight();
                DiscreteDiffusion.posteriorGivenToken(jump, clean, noisy, trueRow, 0);
                variational += weight * categoricalKl(trueRow, 0, modelRow, 0, k + 1);
                auxiliary += weight * -logX0[rowOff + clean];
            }
        }
        double adaptive = config.adaptiveAuxiliary() ? 2.0 - (double) (t - 1) / process.steps() : 1.0;
        double loss = variational / pt + config.auxiliaryWeight() * adaptive * auxiliary / pt;
        return new LossTerms(t, variational, auxiliary, loss);
    }

    /** Sum of the grids' losses divided by {@code B * N}, the scalar the original code back-propagates. */
    public static double meanPerToken(LossTerms[] terms, int length) {
        double sum = 0;
        for (LossTerms term : terms) {
            sum += term.loss();
        }
        return sum / ((double) terms.length * length);
    }

    /**
     * {@code KL(P || Q) = sum_j P_j (log P_j - log Q_j)} of two log-distributions; entries with
     * {@code P_j = 0} contribute nothing (the original code's {@code multinomial_kl}).
     */
    public static double categoricalKl(float[] logP, int pOff, float[] logQ, int qOff, int len) {
        double kl = 0;
        for (int j = 0; j < len; j++) {
            float lp = logP[pOff + j];
            if (lp == Float.NEGATIVE_INFINITY) {
                continue;
            }
            kl += Math.exp(lp) * ((double) lp - logQ[qOff + j]);
        }
        return kl;
    }
}
