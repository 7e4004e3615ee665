package org.speaktheart.diffusion.sampling;

import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * Options of a sampling run, validated in {@link Builder#build()}.
 *
 * @param steps           number of denoiser calls per grid (per guidance pass), 1..T; {@code T} is
 *                        full ancestral sampling, fewer steps jump over an evenly spaced grid of
 *                        timesteps ({@code steps = T / stride} for a stride dividing T)
 * @param guidanceScale   discrete classifier-free guidance scale {@code w >= 0}: the prediction is
 *                        {@code log p_u + w (log p_c - log p_u)}, renormalised (Tang et al. 2022;
 *                        docs/diffusion.md eq. D9). {@code w = 1} is plain conditional sampling
 *                        (one network call per step), {@code w = 0} plain unconditional sampling (null condition), {@code w > 1}
 *                        strengthens the condition (two calls per step, batched together)
 * @param truncationRate  {@code r in (0, 1]}: keep the most likely tokens of {@code p(x_0 | x_t)} until
 *                        their cumulative probability reaches r, drop the rest (eq. D10);
 *                        1 disables truncation
 * @param strategy        ancestral or purity-prior sampling
 * @param purityWeight    {@code r >= 0} of the purity prior (Tang et al. 2022): a revealed position draws
 *                        from {@code p^(1 + r * purity)} renormalised, sharper where the network is
 *                        surer; only with {@link SamplingStrategy#PURITY}
 */
public record SamplerConfig(int steps, double guidanceScale, double truncationRate, SamplingStrategy strategy,
        double purityWeight) {

    public SamplerConfig {
        if (steps < 1) {
            throw new DiffusionArgumentException("steps must be >= 1, got " + steps);
        }
        if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) {
            throw new DiffusionArgumentException("guidanceScale must be a finite value >= 0, got " + guidanceScale);
        }
        if (!(truncationRate > 0 && truncationRate <= 1)) {
            throw new DiffusionArgumentException("truncationRate must be in (0, 1], got " + truncationRate);
        }
        if (strategy == null) {
            throw new DiffusionArgumentException("strategy must be ANCESTRAL or PURITY, got null");
        }
        if (!(purityWeight >= 0) || Double.isInfinite(purityWeight)) {
            throw new DiffusionArgumentException("purityWeight must be a finite value >= 0, got " + purityWeight);
        }
        if (purityWeight > 0 && strategy != SamplingStrategy.PURITY) {
            throw new DiffusionArgumentException("purityWeight applies only to strategy PURITY, got strategy "
                    + strategy + " with purityWeight " + purityWeight);
        }
    }

    /** A builder with defaults: guidance 1 (none), truncation 1 (none), ancestral, purity weight 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether a step needs the unconditional prediction as well as the conditional one. */
    public boolean needsBothPredictions() {
        return guidanceScale != 1.0 && guidanceScale != 0.0;
    }

    /** Builder of {@link SamplerConfig}; {@code steps} is required. */
    public static final class Builder {
        private int steps = -1;
        private double guidanceScale = 1.0;
        private double truncationRate = 1.0;
        private SamplingStrategy strategy = SamplingStrategy.ANCESTRAL;
        private double purityWeight = 0.0;

        private Builder() {
        }

        /** Number of denoising steps, 1..T (required). */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Classifier-free guidance scale, >= 0 (default 1: no guidance). */
        public Builder guidanceScale(double scale) {
            this.guidanceScale = scale;
            return this;
        }

        /** Truncation rate r in (0, 1] (default 1: no truncation). */
        public Builder truncationRate(double rate) {
            this.truncationRate = rate;
            return this;
        }

        /** Sampling strategy (default ANCESTRAL). */
        public Builder strategy(SamplingStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        /** Purity prior weight r >= 0 (default 0), PURITY only. */
        public Builder purityWeight(double weight) {
            this.purityWeight = weight;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws DiffusionArgumentException naming the first invalid field
         */
        public SamplerConfig build() {
            if (steps == -1) {
                throw new DiffusionArgumentException("steps is required (1..T), it was not set");
            }
            return new SamplerConfig(steps, guidanceScale, truncationRate, strategy, purityWeight);
        }
    }
}
