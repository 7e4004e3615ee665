package org.speaktheart.pipeline.cli;

import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.sampling.SamplingStrategy;
import picocli.CommandLine.Option;

/**
 * The sampler settings every generating command lets the user override ({@code --steps},
 * {@code --guidance}, {@code --truncation}, {@code --strategy}, {@code --purity-weight}); what is not
 * given stays the bundle's default.
 */
final class SamplerOverrides {
    @Option(names = "--steps", description = "Sampling steps (default: the bundle's).")
    Integer steps;

    @Option(names = "--guidance", description = "Classifier-free guidance scale, >= 0 (default: the bundle's).")
    Double guidance;

    @Option(names = "--truncation", description = "Truncation rate in (0, 1] (default: the bundle's).")
    Double truncation;

    @Option(names = "--strategy", description = "Sampling strategy: ${COMPLETION-CANDIDATES} (default: the bundle's).")
    SamplingStrategy strategy;

    @Option(names = "--purity-weight", description = "Sharpening r >= 0 of the purity strategy (default: the bundle's).")
    Double purityWeight;

    /** Whether any setting was given. */
    boolean any() {
        return steps != null || guidance != null || truncation != null || strategy != null || purityWeight != null;
    }

    /** The bundle's sampler with the given settings replaced (validated by {@link SamplerConfig}). */
    SamplerConfig apply(SamplerConfig base) {
        return SamplerConfig.builder()
                .steps(steps != null ? steps : base.steps())
                .guidanceScale(guidance != null ? guidance : base.guidanceScale())
                .truncationRate(truncation != null ? truncation : base.truncationRate())
                .strategy(strategy != null ? strategy : base.strategy())
                .purityWeight(purityWeight != null ? purityWeight : strategy == SamplingStrategy.ANCESTRAL ? 0 : base.purityWeight())
                .build();
    }
}
