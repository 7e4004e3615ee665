package org.speaktheart.diffusion.sampling;

import java.util.SplittableRandom;
import org.speaktheart.diffusion.DiffusionArgumentException;
import org.speaktheart.diffusion.process.Noise;

/**
 * Seeded categorical sampling by the Gumbel-max trick, as the original code's
 * {@code log_sample_categorical}: {@code argmax_j (log p_j + g_j)} with {@code g_j = -log(-log u_j)}.
 * Works on unnormalised log-probabilities; entries at -inf are never chosen and draw no noise.
 */
public final class GumbelMax {

    private GumbelMax() {
    }

    /**
     * Draws an index of {@code logp[off .. off+len)}.
     *
     * @throws DiffusionArgumentException if every entry is -inf or any is NaN
     */
    public static int sample(float[] logp, int off, int len, SplittableRandom rng) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            float lp = logp[off + j];
            if (lp == Float.NEGATIVE_INFINITY) {
                continue;
            }
            if (Float.isNaN(lp)) {
                throw new DiffusionArgumentException("log-probability " + j + " is NaN");
            }
            double score = lp + Noise.gumbel(rng);
            if (best < 0 || score > bestScore) {
                best = j;
                bestScore = score;
            }
        }
        if (best < 0) {
            throw new DiffusionArgumentException("cannot sample from a distribution whose " + len
                    + " log-probabilities are all -inf");
        }
        return best;
    }
}
