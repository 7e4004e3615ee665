package org.speaktheart.core.train;

import java.util.SplittableRandom;

/**
 * Derives all randomness of a step from {@code (seed, step)} alone, so a resumed run needs only the step
 * number to reproduce the random stream of an uninterrupted one: no random-generator state is serialised.
 */
public final class StepSeeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private StepSeeds() {
    }

    /** A 64-bit seed unique to {@code (seed, step)}: two SplitMix64 finalisations. */
    public static long mix(long seed, long step) {
        return fmix(fmix(seed) + GOLDEN * (step + 1));
    }

    /** The generator handed to the task for step {@code step}. */
    public static SplittableRandom random(long seed, long step) {
        return new SplittableRandom(mix(seed, step));
    }

    /** The engine seed (dropout and other engine-side sampling) of step {@code step}. */
    public static int engineSeed(long seed, long step) {
        long z = fmix(mix(seed, step) ^ 0x5DEECE66DL);
        // libtorch takes the seed as an int through DJL; keep it non-negative for readability in logs
        return (int) ((z ^ (z >>> 32)) & 0x7FFFFFFF);
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
