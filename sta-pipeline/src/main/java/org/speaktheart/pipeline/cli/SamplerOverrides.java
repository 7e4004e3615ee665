package org.speaktheart.pipeline.cli;

import org.speaktheart.diffusion.sampling.SamplerConfig;
import picocli.CommandLine.Option;

/**
 * The sampler settings every generating command lets the user override ({@code --steps},
 * {@code --guidance}, {@code --truncation}); what is not given stays the bundle's default.
 */
final class SamplerOverrides {
    @Option(names = "--steps", description = "Sampling steps (default: the bundle's).")
    Integer steps;

    @Option(names = "--guidance", description = "Classifier-free guidance scale, >= 0 (default: the bundle's).")
    Double guidance;

    @Option(names = "--truncation", description = "Truncation rate in (0, 1] (default: the bundle's).")
    Double truncation;

    /** Whether any setting was given. */
    boolean any() {
        return steps != null || guidance != null || truncation != null;
    }

    /** The bundle's sampler with the given settings replaced (validated by {@link SamplerConfig}). */
    SamplerConfig apply(SamplerConfig base) {
        return SamplerConfig.builder()
                .steps(steps != null ? steps : base.steps())
                .guidanceScale(guidance != null ? guidance : base.guidanceScale())
                .truncationRate(truncation != null ? truncation : base.truncationRate())
                .strategy(base.strategy()).purityWeight(base.purityWeight()).build();
    }
}
