package org.speaktheart.diffusion.training;

import java.util.SplittableRandom;
import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * Condition augmentation for training: each condition vector {@code c} (length {@code C}) becomes
 * {@code |c| * normalize(c + s * |c| * g / sqrt(C))} with {@code g} standard normal and the strength
 * {@code s} drawn uniformly from {@code [0, maxStrength]} per vector. The norm is kept; the direction
 * moves so that {@code cos(c', c)} is about {@code 1 / sqrt(1 + s^2)} (0.71 at s = 1, 0.45 at s = 2).
 *
 * <p>Why: at sampling time the denoiser is driven by a speech encoder's estimate of the teacher's
 * embedding, which on unseen voices is far noisier than the clean text or image embeddings the
 * denoiser saw in training. Training on conditions blurred over a range of strengths teaches it to
 * draw the concept the noisy vector most likely means instead of leaving its training manifold.
 */
public final class ConditionNoise {
    private final double maxStrength;

    /**
     * @param maxStrength the largest relative noise strength, finite and in [0, 10]; 0 leaves conditions unchanged
     * @throws DiffusionArgumentException outside that range
     */
    public ConditionNoise(double maxStrength) {
        if (!(maxStrength >= 0 && maxStrength <= 10)) {
            throw new DiffusionArgumentException("condition noise strength must be in [0, 10] (0 = off), got "
                    + maxStrength);
        }
        this.maxStrength = maxStrength;
    }

    /** No augmentation. */
    public static ConditionNoise none() {
        return new ConditionNoise(0);
    }

    /** The largest relative strength. */
    public double maxStrength() {
        return maxStrength;
    }

    /**
     * Perturbs {@code c[offset .. offset + length)} in place with a strength drawn from {@code random};
     * a zero vector (no direction to keep) is left as it is.
     */
    public void apply(float[] c, int offset, int length, SplittableRandom random) {
        if (maxStrength == 0) {
            return;
        }
        applyWithStrength(c, offset, length, random.nextDouble() * maxStrength, random);
    }

    /** As {@link #apply} with a given strength (exposed for tests of the geometry). */
    static void applyWithStrength(float[] c, int offset, int length, double strength, SplittableRandom random) {
        double norm = 0;
        for (int i = offset; i < offset + length; i++) {
            norm += (double) c[i] * c[i];
        }
        norm = Math.sqrt(norm);
        if (norm == 0 || strength == 0) {
            return;
        }
        double scale = strength * norm / Math.sqrt(length);
        double[] v = new double[length];
        double vNorm = 0;
        for (int i = 0; i < length; i++) {
            v[i] = c[offset + i] + scale * gaussian(random);
            vNorm += v[i] * v[i];
        }
        double k = norm / Math.sqrt(vNorm);
        for (int i = 0; i < length; i++) {
            c[offset + i] = (float) (v[i] * k);
        }
    }

    /** A standard normal draw (Box-Muller), so the stream depends only on {@code random}. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
