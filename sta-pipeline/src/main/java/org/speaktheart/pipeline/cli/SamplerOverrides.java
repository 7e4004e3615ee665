package org.speaktheart.pipeline.cli;

import org.speaktheart.diffusion.sampling.SamplerConfig;
import org.speaktheart.diffusion.sampling.SamplingStrategy;
import org.speaktheart.pipeline.GenerationOptions;
import picocli.CommandLine.Option;

/**
 * The sampler settings every generating command lets the user override ({@code --steps},
 * {@code --guidance}, {@code --truncation}, {@code --strategy}, {@code --purity-weight}), and the
 * candidates ranked per image ({@code --candidates}); what is not given stays the bundle's default.
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

    @Option(names = "--candidates", description = "Images generated per output image, the one the teacher finds closest "
            + "to the condition kept; 1 = no ranking, at most 16 (default: the bundle's).")
    Integer candidates;

    /**
     * The requested candidates per image, or 0 for the bundle's default.
     *
     * @throws org.speaktheart.pipeline.PipelineInputException when {@code --candidates} is outside 1..16
     */
    int candidates() {
        if (candidates == null) {
            return 0;
        }
        GenerationOptions.checkCandidates(1, candidates);
        return candidates;
    }

    /** Whether any sampler setting was given (candidates are not a sampler setting). */
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
