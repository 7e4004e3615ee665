package org.speaktheart.diffusion.sampling;

import java.util.Arrays;
import org.speaktheart.diffusion.process.LogMath;

/**
 * Truncation sampling (the original VQ-Diffusion code's {@code truncation_rate}; docs/diffusion.md eq. D10): keep the
 * most likely tokens of {@code p(x_0 | x_t)} until their cumulative probability reaches {@code r},
 * including the token that crosses r, set the rest to probability 0 and renormalise. Tokens tied
 * with the last kept probability are kept too.
 */
public final class Truncation {

    private final float[] sorted;

    /** A truncator for rows of {@code k} entries (owns one scratch row; not thread-safe). */
    public Truncation(int k) {
        this.sorted = new float[k];
    }

    /**
     * Truncates one row of normalised log-probabilities in place.
     *
     * @param logp log-probabilities of {@code len <= k} tokens from {@code off}
     * @param rate r in (0, 1]; {@code r >= 1} leaves the row unchanged
     */
    public void apply(float[] logp, int off, int len, double rate) {
        if (rate >= 1) {
            return;
        }
        System.arraycopy(logp, off, sorted, 0, len);
        Arrays.sort(sorted, 0, len); // ascending: the most likely token is last
        double cumulative = 0;
        float threshold = Float.NEGATIVE_INFINITY;
        for (int i = len - 1; i >= 0; i--) {
            cumulative += Math.exp(sorted[i]);
            if (cumulative >= rate) {
                threshold = sorted[i];
                break;
            }
        }
        if (threshold == Float.NEGATIVE_INFINITY) {
            return; // rounding kept the sum below r: keep everything
        }
        for (int j = off, end = off + len; j < end; j++) {
            if (logp[j] < threshold) {
                logp[j] = Float.NEGATIVE_INFINITY;
            }
        }
        LogMath.logSoftmaxInPlace(logp, off, len);
    }
}
