package org.speaktheart.diffusion.sampling;

import java.util.SplittableRandom;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.process.Jump;

/**
 * One ancestral denoising step for one grid: every free token draws
 * {@code x_s ~ p(x_s | x_t) = sum_{x0} q(x_s | x_t, x0) p(x0 | x_t)} (Gu et al. 2022, Eq. 11) by
 * Gumbel-max. Allocation-free: one scratch row of {@code K + 1} entries is reused; not thread-safe.
 */
public final class AncestralStep {

    private final int k;
    private final float[] row;

    /** A step for a codebook of {@code k} tokens. */
    public AncestralStep(int k) {
        this.k = k;
        this.row = new float[k + 1];
    }

    /**
     * Replaces {@code tokens[tokOff .. tokOff+length)} ({@code x_t}) by {@code x_s}.
     *
     * @param jump    the jump t -> s (as {@code Jump.of(schedule, s, t)})
     * @param logX0   normalised log {@code p(x_0 | x_t)}, {@code [N, K]} row-major from {@code x0Off}
     * @param keep    positions to leave untouched (inpainting), indexed from {@code keepOff}; may be null
     * @param rng     the grid's random stream
     */
    public void apply(Jump jump, float[] logX0, int x0Off, int[] tokens, int tokOff, int length, boolean[] keep,
            int keepOff, SplittableRandom rng) {
        for (int n = 0; n < length; n++) {
            if (keep != null && keep[keepOff + n]) {
                continue;
            }
            DiscreteDiffusion.posterior(jump, logX0, x0Off + n * k, tokens[tokOff + n], row, 0);
            tokens[tokOff + n] = GumbelMax.sample(row, 0, k + 1, rng);
        }
    }
}
