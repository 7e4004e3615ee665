package org.speaktheart.diffusion.sampling;

import org.speaktheart.diffusion.process.LogMath;

/**
 * Discrete classifier-free guidance (Tang et al. 2022, as in their code; docs/diffusion.md eq. D9): from the
 * conditional and unconditional log-probabilities of {@code x_0},
 * {@code log p = log p_u + w (log p_c - log p_u)}, renormalised over the K tokens. {@code w = 1} gives
 * the conditional prediction and {@code w = 0} the unconditional one. As in the original code,
 * log-probabilities are floored at -70 before mixing so that a zero on one side cannot produce
 * {@code inf - inf}.
 */
public final class ClassifierFreeGuidance {

    /** Floor applied to log-probabilities before mixing (the original code clamps at -70). */
    public static final float LOG_FLOOR = -70f;

    private ClassifierFreeGuidance() {
    }

    /**
     * Combines two rows of normalised log-probabilities into {@code out} (which may alias {@code cond}).
     *
     * @param scale w >= 0
     */
    public static void combine(float[] cond, int condOff, float[] uncond, int uncondOff, int len, double scale,
            float[] out, int outOff) {
        for (int j = 0; j < len; j++) {
            double c = Math.max(cond[condOff + j], LOG_FLOOR);
            double u = Math.max(uncond[uncondOff + j], LOG_FLOOR);
            out[outOff + j] = (float) (u + scale * (c - u));
        }
        LogMath.logSoftmaxInPlace(out, outOff, len);
    }
}
