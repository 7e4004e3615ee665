package org.speaktheart.diffusion.sampling;

import java.util.SplittableRandom;
import org.speaktheart.diffusion.process.DiscreteDiffusion;
import org.speaktheart.diffusion.process.Jump;

/**
 * One ancestral denoising step for one grid: every free token draws
 * {@code x_s ~ p(x_s | x_t) = sum_{x0} q(x_s | x_t, x0) p(x0 | x_t)} (docs/diffusion.md eq. D5) by
 * Gumbel-max ({@link DiscreteDiffusion#samplePosterior}). Allocation-free: one scratch row of K doubles is reused; not thread-safe.
 */
public final class AncestralStep {

    private final int k;
    private final double[] scratch;

    /** A step for a codebook of {@code k} tokens. */
    public AncestralStep(int k) {
        this.k = k;
        this.scratch = new double[k];
    }

    /**
     * Replaces {@code tokens[tokOff .. tokOff+length)} ({@code x_t}) by {@code x_s}.
     *
     * @param jump    the jump t -> s (as {@code Jump.of(schedule, s, t)})
     * @param logX0   log {@code p(x_0 | x_t)} (normalised or not), {@code [N, K]} row-major from {@code x0Off}
     * @param keep    positions to leave untouched (inpainting), indexed from {@code keepOff}; may be null
     * @param rng     the grid's random stream
     */
    public void apply(Jump jump, float[] logX0, int x0Off, int[] tokens, int tokOff, int length, boolean[] keep,
            int keepOff, SplittableRandom rng) {
        for (int n = 0; n < length; n++) {
            if (keep != null && keep[keepOff + n]) {
                continue;
            }
            tokens[tokOff + n] = DiscreteDiffusion.samplePosterior(jump, logX0, x0Off + n * k, tokens[tokOff + n], rng,
                    scratch);
        }
    }
}
