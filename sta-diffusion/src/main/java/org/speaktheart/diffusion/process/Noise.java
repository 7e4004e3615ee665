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
     * One standard exponential variate, by the ziggurat method of {@link SplittableRandom#nextExponential()}
     * (no logarithm in the common path). {@code argmax_j (log p_j - log E_j)} is Gumbel-max, and
     * equivalently {@code argmax_j p_j / E_j} (the exponential race), which needs no logarithm of p.
     */
    public static double exponential(SplittableRandom rng) {
        return rng.nextExponential();
    }

    /** One standard Gumbel variate {@code -log(E)}, E from {@link #exponential}. */
    public static double gumbel(SplittableRandom rng) {
        return -Math.log(exponential(rng));
    }
}
