package org.speaktheart.diffusion.schedule;

import java.util.Arrays;
import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * The noise schedule of a mask-and-replace discrete diffusion over {@code K} codebook tokens plus one
 * [MASK] token (Gu et al. 2022, mask-and-replace diffusion strategy).
 *
 * <p>Per step {@code t} (1-based), a codebook token stays with probability {@code alpha_t + beta_t},
 * becomes each of the other {@code K - 1} codebook tokens with {@code beta_t}, and becomes [MASK] with
 * {@code gamma_t}; [MASK] stays [MASK]. The schedule is stored by its cumulative values
 * {@code alphaBar[t] = prod_{i<=t} alpha_i} and {@code gammaBar[t] = 1 - prod_{i<=t} (1 - gamma_i)}
 * for {@code t = 0..T} (index 0 is the identity: 1 and 0); {@code betaBar[t] = (1 - alphaBar[t] -
 * gammaBar[t]) / K} and the per-step values follow in closed form (docs/diffusion.md eq. D1, D2).
 *
 * <p>Validated on construction: every per-step probability lies in [0, 1], {@code alphaBar[t] > 0},
 * {@code gammaBar[t] < 1}, and for {@code t >= 1} both {@code betaBar[t] > 0} and
 * {@code gammaBar[t] > 0}, so that every posterior is defined (a pure-mask process uses a tiny
 * replacement floor, as the original code's default does).
 *
 * @param name         a short identifier stored with the schedule (for provenance)
 * @param codebookSize K, the number of codebook tokens (the [MASK] id is K)
 * @param alphaBar     cumulative alpha for {@code t = 0..T}, length T + 1, {@code alphaBar[0] = 1}
 * @param gammaBar     cumulative gamma for {@code t = 0..T}, length T + 1, {@code gammaBar[0] = 0}
 */
public record NoiseSchedule(String name, int codebookSize, double[] alphaBar, double[] gammaBar) {

    /** Rounding slack allowed when a per-step beta comes out a hair below zero. */
    private static final double BETA_SLACK = 1e-12;

    public NoiseSchedule {
        if (name == null || name.isBlank()) {
            throw new DiffusionArgumentException("name must be a non-blank string, got " + name);
        }
        if (codebookSize < 2) {
            throw new DiffusionArgumentException("codebookSize must be >= 2, got " + codebookSize);
        }
        if (alphaBar == null || gammaBar == null) {
            throw new DiffusionArgumentException("alphaBar and gammaBar must be non-null arrays of length T + 1");
        }
        if (alphaBar.length != gammaBar.length || alphaBar.length < 2) {
            throw new DiffusionArgumentException("alphaBar and gammaBar must have the same length T + 1 >= 2, got "
                    + alphaBar.length + " and " + gammaBar.length);
        }
        alphaBar = alphaBar.clone();
        gammaBar = gammaBar.clone();
        if (alphaBar[0] != 1.0 || gammaBar[0] != 0.0) {
            throw new DiffusionArgumentException("alphaBar[0] must be 1 and gammaBar[0] must be 0 (t = 0 is the clean"
                    + " data), got " + alphaBar[0] + " and " + gammaBar[0]);
        }
        for (int t = 1; t < alphaBar.length; t++) {
            double a = alphaBar[t];
            double g = gammaBar[t];
            if (!Double.isFinite(a) || !Double.isFinite(g)) {
                throw new DiffusionArgumentException("alphaBar[" + t + "] and gammaBar[" + t + "] must be finite, got "
                        + a + " and " + g);
            }
            if (!(a > 0) || a > alphaBar[t - 1]) {
                throw new DiffusionArgumentException("alphaBar[" + t + "] must be in (0, alphaBar[" + (t - 1) + "] = "
                        + alphaBar[t - 1] + "], got " + a);
            }
            if (!(g > 0) || g < gammaBar[t - 1] || !(g < 1)) {
                throw new DiffusionArgumentException("gammaBar[" + t + "] must be in [max(gammaBar[" + (t - 1) + "] = "
                        + gammaBar[t - 1] + ", >0), 1), got " + g);
            }
            if (!(1 - a - g > 0)) {
                throw new DiffusionArgumentException("alphaBar[" + t + "] + gammaBar[" + t + "] must be < 1 so that"
                        + " betaBar > 0, got " + a + " + " + g + " = " + (a + g));
            }
            double alpha = a / alphaBar[t - 1];
            double gamma = 1 - (1 - g) / (1 - gammaBar[t - 1]);
            double kBeta = 1 - alpha - gamma;
            if (kBeta < -BETA_SLACK) {
                throw new DiffusionArgumentException("step " + t + " has alpha_t + gamma_t = " + (alpha + gamma)
                        + " > 1 (negative beta_t); the cumulative values do not come from a valid per-step process");
            }
        }
    }

    /** T, the number of diffusion steps. */
    public int steps() {
        return alphaBar.length - 1;
    }

    /** The [MASK] token id, equal to K. */
    public int maskToken() {
        return codebookSize;
    }

    /** A copy of the cumulative alphas, index {@code t = 0..T}. */
    @Override
    public double[] alphaBar() {
        return alphaBar.clone();
    }

    /** A copy of the cumulative gammas, index {@code t = 0..T}. */
    @Override
    public double[] gammaBar() {
        return gammaBar.clone();
    }

    /** Cumulative alpha-bar at {@code t in 0..T}: probability that a token is kept by the "stay" branch. */
    public double alphaBar(int t) {
        checkT(t, 0);
        return alphaBar[t];
    }

    /** Cumulative gamma-bar at {@code t in 0..T}: probability that a codebook token is [MASK] at t. */
    public double gammaBar(int t) {
        checkT(t, 0);
        return gammaBar[t];
    }

    /** Cumulative beta-bar at {@code t in 0..T}: probability of becoming one particular codebook token by replacement. */
    public double betaBar(int t) {
        checkT(t, 0);
        return t == 0 ? 0.0 : (1 - alphaBar[t] - gammaBar[t]) / codebookSize;
    }

    /** Per-step alpha_t for {@code t in 1..T}. */
    public double alpha(int t) {
        checkT(t, 1);
        return alphaBar[t] / alphaBar[t - 1];
    }

    /** Per-step gamma_t for {@code t in 1..T}. */
    public double gamma(int t) {
        checkT(t, 1);
        return 1 - (1 - gammaBar[t]) / (1 - gammaBar[t - 1]);
    }

    /** Per-step beta_t for {@code t in 1..T} (rounding residue below zero clamped to 0). */
    public double beta(int t) {
        return Math.max(0.0, (1 - alpha(t) - gamma(t)) / codebookSize);
    }

    /** Total replacement probability {@code K * betaBar[t]}: the chance a token has been swapped for a random one. */
    public double replaceTotal(int t) {
        return betaBar(t) * codebookSize;
    }

    /**
     * The original VQ-Diffusion code's default: alpha-bar falls linearly from 0.99999 (t = 1) to 0.000009
     * (t = T), gamma-bar rises linearly from 0.000009 to 0.99999; the total replacement {@code K * betaBar}
     * is then 1e-6 at every t, so the process is pure masking in effect.
     *
     * @param codebookSize K
     * @param steps        T, at least 2
     */
    public static NoiseSchedule vqDiffusionDefault(int codebookSize, int steps) {
        return linear("vq-diffusion-default", codebookSize, steps, 0.99999, 0.000009, 0.000009, 0.99999);
    }

    /**
     * A genuine mask-and-replace schedule as the VQ-Diffusion paper states its schedule (gamma-bar
     * rising to 0.9, total replacement rising to 0.1): alpha-bar falls linearly from 0.99999 to 0.000009 and
     * gamma-bar rises linearly from 0.000009 to 0.9, so the total replacement probability rises from
     * 1e-6 at t = 1 to 0.099991 at t = T.
     *
     * @param codebookSize K
     * @param steps        T, at least 2
     */
    public static NoiseSchedule maskAndReplace(int codebookSize, int steps) {
        return linear("mask-and-replace", codebookSize, steps, 0.99999, 0.000009, 0.000009, 0.9);
    }

    /**
     * A schedule whose alpha-bar and gamma-bar move linearly between their values at t = 1 and t = T,
     * as the original code's {@code alpha_schedule} builds them.
     *
     * @throws DiffusionArgumentException if {@code steps < 2} or the values make an invalid process
     */
    public static NoiseSchedule linear(String name, int codebookSize, int steps, double alphaBarFirst,
            double alphaBarLast, double gammaBarFirst, double gammaBarLast) {
        if (steps < 2) {
            throw new DiffusionArgumentException("steps must be >= 2 for a linear schedule, got " + steps);
        }
        double[] a = new double[steps + 1];
        double[] g = new double[steps + 1];
        a[0] = 1.0;
        g[0] = 0.0;
        for (int t = 1; t <= steps; t++) {
            double f = (double) (t - 1) / (steps - 1);
            a[t] = alphaBarFirst + f * (alphaBarLast - alphaBarFirst);
            g[t] = gammaBarFirst + f * (gammaBarLast - gammaBarFirst);
        }
        return new NoiseSchedule(name, codebookSize, a, g);
    }

    private void checkT(int t, int min) {
        if (t < min || t > steps()) {
            throw new DiffusionArgumentException("timestep must be in [" + min + ", " + steps() + "], got " + t);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoiseSchedule s && s.name.equals(name) && s.codebookSize == codebookSize
                && Arrays.equals(s.alphaBar, alphaBar) && Arrays.equals(s.gammaBar, gammaBar);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * name.hashCode() + codebookSize) + Arrays.hashCode(alphaBar)) + Arrays.hashCode(gammaBar);
    }

    @Override
    public String toString() {
        return "NoiseSchedule[name=" + name + ", K=" + codebookSize + ", T=" + steps() + ", alphaBar(T)="
                + alphaBar[steps()] + ", gammaBar(T)=" + gammaBar[steps()] + "]";
    }
}
