package org.speaktheart.diffusion.sampling;

import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * One batched call of a {@link Denoiser}.
 *
 * <p>Arrays are shared with the sampler for speed: a denoiser must read them, never modify them.
 *
 * @param batch         B, the number of grids
 * @param length        N, tokens per grid (for example 16 x 16 = 256, row-major)
 * @param tokens        {@code int[B * N]}, row-major {@code [B, N]}, values {@code 0..K} with K = [MASK]
 * @param timesteps     {@code int[B]}, the step t of each grid, 1-based ({@code x_t}, t in 1..T)
 * @param condition     {@code float[B][D]} condition vectors (for example a speech embedding), or
 *                      {@code null} when every row uses the null condition
 * @param nullCondition {@code boolean[B]}: true where the network must use its learned null
 *                      (unconditional) embedding instead of the row of {@code condition}
 */
public record DenoiserInput(int batch, int length, int[] tokens, int[] timesteps, float[][] condition,
        boolean[] nullCondition) {

    public DenoiserInput {
        if (batch < 1 || length < 1) {
            throw new DiffusionArgumentException("batch and length must be >= 1, got " + batch + " and " + length);
        }
        if (tokens == null || tokens.length != batch * length) {
            throw new DiffusionArgumentException("tokens must have B * N = " + batch * length + " entries, got "
                    + (tokens == null ? "null" : tokens.length));
        }
        if (timesteps == null || timesteps.length != batch) {
            throw new DiffusionArgumentException("timesteps must have B = " + batch + " entries, got "
                    + (timesteps == null ? "null" : timesteps.length));
        }
        if (nullCondition == null || nullCondition.length != batch) {
            throw new DiffusionArgumentException("nullCondition must have B = " + batch + " entries, got "
                    + (nullCondition == null ? "null" : nullCondition.length));
        }
        if (condition == null) {
            for (int b = 0; b < batch; b++) {
                if (!nullCondition[b]) {
                    throw new DiffusionArgumentException("condition is null but nullCondition[" + b + "] is false");
                }
            }
        } else if (condition.length != batch) {
            throw new DiffusionArgumentException("condition must have B = " + batch + " rows, got " + condition.length);
        }
    }
}
