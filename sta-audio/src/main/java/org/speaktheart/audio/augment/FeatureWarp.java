package org.speaktheart.audio.augment;

import java.util.SplittableRandom;
import org.speaktheart.audio.AudioConfigException;

/**
 * Speaker and tempo perturbation applied to a feature matrix {@code [frames][channels]} instead of
 * the waveform, so that cached features can be perturbed every step at almost no cost.
 *
 * <p>Channel warp (in the spirit of vocal tract length perturbation, Jaitly and Hinton 2013): a
 * factor {@code a ~ U[1 - channelWarp, 1 + channelWarp]} is drawn per call and output channel
 * {@code m} takes the input at fractional channel {@code m / a} (linear interpolation, clamped to
 * the last channel), so {@code a > 1} moves spectral peaks such as formants up, as a shorter vocal
 * tract does. The warp is linear in channel index, i.e. on the mel scale, not in Hz.
 *
 * <p>Time stretch: a factor {@code b ~ U[1 - timeStretch, 1 + timeStretch]} is drawn per call and
 * the clip of {@code T} frames becomes {@code max(1, round(T * b))} frames; output frame {@code t}
 * takes the input at {@code t * (T - 1) / (T' - 1)} (linear interpolation), so {@code b > 1}
 * sounds slower. Unlike speed perturbation of the waveform it leaves the pitch and formants alone.
 *
 * <p>A zero amount switches that part off (and draws no random number for it).
 *
 * @param channelWarp half-width of the channel warp factor's range, in [0, 0.5)
 * @param timeStretch half-width of the time stretch factor's range, in [0, 0.5)
 */
public record FeatureWarp(double channelWarp, double timeStretch) {
    /** Validates both amounts; the message names the bad one. */
    public FeatureWarp {
        if (!(channelWarp >= 0 && channelWarp < 0.5)) {
            throw new AudioConfigException("FeatureWarp.channelWarp is " + channelWarp + "; accepted: [0, 0.5)");
        }
        if (!(timeStretch >= 0 && timeStretch < 0.5)) {
            throw new AudioConfigException("FeatureWarp.timeStretch is " + timeStretch + "; accepted: [0, 0.5)");
        }
    }

    /**
     * Returns a warped copy of a feature matrix, factors drawn from {@code rng}.
     *
     * @param features {@code [frames][channels]}, every row the same length; not modified
     * @param rng randomness source
     * @return the warped copy (frame count changed by the time stretch)
     */
    public float[][] apply(float[][] features, SplittableRandom rng) {
        double a = channelWarp == 0 ? 1 : 1 + channelWarp * (2 * rng.nextDouble() - 1);
        double b = timeStretch == 0 ? 1 : 1 + timeStretch * (2 * rng.nextDouble() - 1);
        return apply(features, a, b);
    }

    /**
     * Returns a copy warped by the given factors.
     *
     * @param features {@code [frames][channels]}, every row the same length; not modified
     * @param channelFactor channel warp factor a, positive
     * @param timeFactor time stretch factor b, positive
     * @return the warped copy
     */
    public static float[][] apply(float[][] features, double channelFactor, double timeFactor) {
        if (!(channelFactor > 0) || !(timeFactor > 0)) {
            throw new AudioConfigException("FeatureWarp factors must be positive, got channel " + channelFactor
                    + ", time " + timeFactor);
        }
        int frames = features.length;
        if (frames == 0) {
            return new float[0][];
        }
        int channels = features[0].length;
        int outFrames = Math.max(1, (int) Math.round(frames * timeFactor));
        float[][] out = new float[outFrames][channels];
        double timeScale = outFrames == 1 ? 0 : (frames - 1) / (double) (outFrames - 1);
        float[] row = new float[channels];
        for (int t = 0; t < outFrames; t++) {
            double pos = Math.min(t * timeScale, frames - 1);
            int t0 = (int) Math.floor(pos);
            int t1 = Math.min(t0 + 1, frames - 1);
            float w = (float) (pos - t0);
            for (int m = 0; m < channels; m++) {
                row[m] = features[t0][m] * (1 - w) + features[t1][m] * w;
            }
            for (int m = 0; m < channels; m++) {
                double src = Math.min(m / channelFactor, channels - 1);
                int m0 = (int) Math.floor(src);
                int m1 = Math.min(m0 + 1, channels - 1);
                float v = (float) (src - m0);
                out[t][m] = row[m0] * (1 - v) + row[m1] * v;
            }
        }
        return out;
    }
}
