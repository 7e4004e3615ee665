package org.speaktheart.diffusion.process;

import java.util.SplittableRandom;

/**
 * The random variates of the categorical draws, from an explicit {@link SplittableRandom} (never a
 * global generator), so that the same seed gives the same tokens.
 */
public final class Noise {

    private Noise() {
    }

    /**
     * One standard exponential variate {@code E = -log(u)} from one uniform {@code u} in the open interval
     * (0, 1) (53 random bits, centred). {@code argmax_j (log p_j - log E_j)} is Gumbel-max, and
     * equivalently {@code argmax_j p_j / E_j} (the exponential race), which needs no logarithm of p.
     */
    public static double exponential(SplittableRandom rng) {
        double u = ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
        return -Math.log(u);
    }

    /** One standard Gumbel variate {@code -log(E)}, E from {@link #exponential}. */
    public static double gumbel(SplittableRandom rng) {
        return -Math.log(exponential(rng));
    }
}
