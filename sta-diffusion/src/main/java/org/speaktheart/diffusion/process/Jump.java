package org.speaktheart.diffusion.process;

import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.schedule.NoiseSchedule;

/**
 * The log-space constants of one jump of the forward process from step {@code s} to step {@code t}
 * ({@code 0 <= s < t <= T}), precomputed once so that the per-token posterior costs one log-add-exp
 * per codebook entry.
 *
 * <p>The jump's transition {@code q(x_t | x_s)} has the same mask-and-replace form as a single step
 * (the matrices {@code alpha I + beta 11^T} with a mask row are closed under multiplication):
 * {@code alpha_{s->t} = alphaBar_t / alphaBar_s}, {@code 1 - gamma_{s->t} = (1 - gammaBar_t) / (1 -
 * gammaBar_s)}, {@code beta_{s->t} = (1 - alpha_{s->t} - gamma_{s->t}) / K}. With {@code s = t - 1}
 * this is the one-step {@code q(x_t | x_{t-1})} (docs/diffusion.md eq. D1); with {@code s = 0} it is
 * the marginal {@code q(x_t | x_0)} (eq. D2), otherwise the jump of eq. D3.
 *
 * @param from s, the earlier step
 * @param to   t, the later step
 */
public record Jump(int from, int to, int codebookSize,
        double logAlpha, double logBeta, double logAlphaPlusBeta, double logGamma, double logOneMinusGamma,
        double logAlphaBarFrom, double logBetaBarFrom, double logGammaBarFrom,
        double logAlphaBarTo, double logBetaBarTo, double logGammaBarTo, double logAlphaPlusBetaBarTo) {

    /** Computes the constants of the jump {@code s -> t} of a schedule. */
    public static Jump of(NoiseSchedule schedule, int s, int t) {
        int steps = schedule.steps();
        if (s < 0 || t > steps || s >= t) {
            throw new DiffusionArgumentException("a jump needs 0 <= s < t <= T = " + steps + ", got s = " + s
                    + ", t = " + t);
        }
        int k = schedule.codebookSize();
        double alpha = schedule.alphaBar(t) / schedule.alphaBar(s);
        double oneMinusGamma = (1 - schedule.gammaBar(t)) / (1 - schedule.gammaBar(s));
        double gamma = 1 - oneMinusGamma;
        double beta = Math.max(0.0, (1 - alpha - gamma) / k);
        double betaBarT = schedule.betaBar(t);
        return new Jump(s, t, k,
                LogMath.log(alpha), LogMath.log(beta), LogMath.log(alpha + beta), LogMath.log(gamma),
                LogMath.log(oneMinusGamma),
                LogMath.log(schedule.alphaBar(s)), LogMath.log(schedule.betaBar(s)), LogMath.log(schedule.gammaBar(s)),
                LogMath.log(schedule.alphaBar(t)), LogMath.log(betaBarT), LogMath.log(schedule.gammaBar(t)),
                LogMath.log(schedule.alphaBar(t) + betaBarT));
    }
}
