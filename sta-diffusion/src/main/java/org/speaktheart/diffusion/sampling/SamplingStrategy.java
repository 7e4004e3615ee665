package org.speaktheart.diffusion.sampling;

/** How a sampler turns {@code p(x_0 | x_t)} into the next grid. */
public enum SamplingStrategy {
    /**
     * VQ-Diffusion's ancestral sampling: every token draws {@code x_s ~ p(x_s | x_t)} from the
     * x0-parameterised posterior (docs/diffusion.md eq. D5), over all T steps or with a stride.
     */
    ANCESTRAL,
    /**
     * The purity-prior sampler of Improved VQ-Diffusion (Tang et al. 2022, high-quality inference strategy; eq. D11): per step, the
     * expected number of [MASK] tokens the posterior would reveal is revealed, choosing positions with
     * probability proportional to their purity (the largest probability of {@code p(x_0 | x_t)}),
     * and drawing their tokens from {@code p(x_0 | x_t)} sharpened by the purity (see {@link PurityStep}). Revealed tokens are
     * never changed again (a mask-only sampler: replacement is not applied).
     */
    PURITY
}
