package org.speaktheart.encoder.langid;

import org.speaktheart.encoder.EncoderInputException;

/**
 * Statistics pooling of an encoder's frame sequence: the utterance-level vector
 * {@code [mean_1..mean_W, std_1..std_W]} (length {@code 2W}) of the valid frames {@code [T][W]}.
 * The standard deviation is the population one (divisor T), 0 for a single frame.
 */
public final class FramePooling {
    private FramePooling() {
    }

    /**
     * Pools one clip's frames.
     *
     * @param frames the valid frames, {@code [T][W]}, T >= 1
     * @return {@code [2W]}: means then standard deviations
     * @throws EncoderInputException for no frames or frames of unequal width
     */
    public static float[] meanAndStd(float[][] frames) {
        if (frames == null || frames.length == 0) {
            throw new EncoderInputException("statistics pooling needs at least one frame, got none");
        }
        int w = frames[0].length;
        double[] sum = new double[w];
        double[] sumSq = new double[w];
        for (float[] f : frames) {
            if (f.length != w) {
                throw new EncoderInputException("frames of unequal width: " + w + " and " + f.length);
            }
            for (int i = 0; i < w; i++) {
                sum[i] += f[i];
                sumSq[i] += (double) f[i] * f[i];
            }
        }
        float[] out = new float[2 * w];
        int t = frames.length;
        for (int i = 0; i < w; i++) {
            double mean = sum[i] / t;
            out[i] = (float) mean;
            // clamped: rounding can make E[x^2] - E[x]^2 slightly negative for constant dimensions
            out[w + i] = (float) Math.sqrt(Math.max(0, sumSq[i] / t - mean * mean));
        }
        return out;
    }
}
