package org.speaktheart.pipeline;

import org.speaktheart.diffusion.sampling.SamplerConfig;

/**
 * How one {@code generate} call runs. Build with {@link #builder()}; unset fields take the
 * pipeline's defaults.
 *
 * @param seed the random seed (same seed and input: same image)
 * @param language the spoken language code, or null to let the bundle's encoder decide (a
 *     multilingual encoder serves every language it was trained on)
 * @param samples images per input, at least 1 (each from its own split of the seed)
 * @param sampler sampling settings, or null for the bundle's defaults
 * @param candidates images generated per returned image, the best by the teacher kept
 *     ({@link CandidateRanker}); 1 = no ranking, 0 = the pipeline's default; at most
 *     {@value #MAX_CANDIDATES}, and {@code samples * candidates} at most {@value #MAX_ROWS}
 */
public record GenerationOptions(long seed, String language, int samples, SamplerConfig sampler, int candidates) {
    /** Largest accepted {@code candidates}. */
    public static final int MAX_CANDIDATES = 16;
    /** Largest accepted {@code samples * candidates} (grids sampled in one batch). */
    public static final int MAX_ROWS = 128;

    public GenerationOptions {
        if (samples < 1 || samples > 64) {
            throw new PipelineInputException("samples must be in 1..64, got " + samples);
        }
        if (candidates != 0) {
            checkCandidates(samples, candidates);
        }
    }

    /**
     * Checks a candidate count for a request of {@code samples} images.
     *
     * @throws PipelineInputException unless {@code 1 <= candidates <= }{@value #MAX_CANDIDATES} and
     *     {@code samples * candidates <= }{@value #MAX_ROWS}
     */
    public static void checkCandidates(int samples, int candidates) {
        String refusal = candidatesRefusal(candidates);
        if (refusal != null) {
            throw new PipelineInputException(refusal);
        }
        if ((long) samples * candidates > MAX_ROWS) {
            throw new PipelineInputException("samples x candidates must be at most " + MAX_ROWS + ", got " + samples + " x "
                    + candidates);
        }
    }

    /**
     * Why a number of candidates per image is refused ({@code "candidates must be in 1..16, got 0"}), or
     * null when it is accepted; the one range check behind requests, bundle settings, retuning and the recipe.
     */
    public static String candidatesRefusal(int candidates) {
        return candidates < 1 || candidates > MAX_CANDIDATES
                ? "candidates must be in 1.." + MAX_CANDIDATES + ", got " + candidates : null;
    }

    /** Seed 0, automatic language, one sample, the bundle's sampler, the pipeline's candidates. */
    public static GenerationOptions defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link GenerationOptions}. */
    public static final class Builder {
        private long seed;
        private String language;
        private int samples = 1;
        private SamplerConfig sampler;
        private int candidates;

        private Builder() {
        }

        /** The random seed (default 0). */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** The spoken language, e.g. "en" or "ar" (default: automatic). */
        public Builder language(String v) {
            language = v;
            return this;
        }

        /** Images per input (default 1). */
        public Builder samples(int v) {
            samples = v;
            return this;
        }

        /** Sampling settings (default: the bundle's). */
        public Builder sampler(SamplerConfig v) {
            sampler = v;
            return this;
        }

        /** Candidates per returned image, 1 = no ranking (default 0: the pipeline's default). */
        public Builder candidates(int v) {
            candidates = v;
            return this;
        }

        /** The validated options. */
        public GenerationOptions build() {
            return new GenerationOptions(seed, language, samples, sampler, candidates);
        }
    }
}
