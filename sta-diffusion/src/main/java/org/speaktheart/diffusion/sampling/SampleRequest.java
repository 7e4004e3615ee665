package org.speaktheart.diffusion.sampling;

import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * What to generate: a batch of token grids, their condition, the seed, and optionally an inpainting
 * constraint. Built with {@link #builder(int, int)}.
 *
 * <p>Item {@code b} draws its randomness from the {@code b}-th split of {@code new
 * SplittableRandom(seed)}, so the same seed and inputs give identical tokens, and an item's tokens do
 * not depend on the other items of its batch (for a denoiser whose rows are independent).
 *
 * @param batch         B
 * @param length        N tokens per grid
 * @param condition     {@code float[B][D]} condition vectors, or {@code null} for unconditional
 *                      generation (every row uses the null condition; guidance is then moot)
 * @param seed          the random seed
 * @param fixedTokens   inpainting: {@code int[B * N]} tokens that stay fixed where {@code keep} is
 *                      true (values 0..K-1 there; other entries are ignored), or {@code null}
 * @param keep          inpainting: {@code boolean[B * N]}, true for positions given by
 *                      {@code fixedTokens}; every other position is regenerated; or {@code null}
 */
public record SampleRequest(int batch, int length, float[][] condition, long seed, int[] fixedTokens, boolean[] keep) {

    public SampleRequest {
        if (batch < 1 || length < 1) {
            throw new DiffusionArgumentException("batch and length must be >= 1, got " + batch + " and " + length);
        }
        if (condition != null) {
            if (condition.length != batch) {
                throw new DiffusionArgumentException("condition must have B = " + batch + " rows, got " + condition.length);
            }
            for (int b = 0; b < batch; b++) {
                if (condition[b] == null || condition[b].length != condition[0].length) {
                    throw new DiffusionArgumentException("condition rows must be non-null and of one width D, row " + b
                            + " is " + (condition[b] == null ? "null" : "of width " + condition[b].length));
                }
            }
        }
        if ((fixedTokens == null) != (keep == null)) {
            throw new DiffusionArgumentException("fixedTokens and keep must be given together for inpainting");
        }
        if (fixedTokens != null && (fixedTokens.length != batch * length || keep.length != batch * length)) {
            throw new DiffusionArgumentException("fixedTokens and keep must have B * N = " + batch * length
                    + " entries, got " + fixedTokens.length + " and " + keep.length);
        }
    }

    /** Whether some positions are fixed. */
    public boolean isInpainting() {
        return keep != null;
    }

    /** A builder for B grids of N tokens; seed defaults to 0, no condition, no inpainting. */
    public static Builder builder(int batch, int length) {
        return new Builder(batch, length);
    }

    /** Builder of {@link SampleRequest}. */
    public static final class Builder {
        private final int batch;
        private final int length;
        private float[][] condition;
        private long seed;
        private int[] fixedTokens;
        private boolean[] keep;

        private Builder(int batch, int length) {
            this.batch = batch;
            this.length = length;
        }

        /** Condition vectors {@code float[B][D]} (rows are used as given, not copied). */
        public Builder condition(float[][] condition) {
            this.condition = condition;
            return this;
        }

        /** The random seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Inpainting: tokens {@code [B, N]} kept where {@code keep} is true; the rest is regenerated. */
        public Builder inpaint(int[] fixedTokens, boolean[] keep) {
            this.fixedTokens = fixedTokens;
            this.keep = keep;
            return this;
        }

        /** Validates and builds. */
        public SampleRequest build() {
            return new SampleRequest(batch, length, condition, seed, fixedTokens, keep);
        }
    }
}
