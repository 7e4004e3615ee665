package org.speaktheart.pipeline.eval;

import java.util.List;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.diffusion.sampling.SamplerConfig;

/**
 * Settings of an {@link Evaluation} run.
 *
 * @param split the manifest split evaluated (default test)
 * @param languages languages to evaluate; empty = every language of the split that the bundle serves
 * @param samples images generated per input and condition (>= 1; diversity needs >= 2)
 * @param seed base seed: record i is sampled with {@code seed + i}; bootstrap seeds derive from it
 * @param sampler sampling settings, or null for the bundle's default
 * @param candidates images generated per evaluated image, the teacher's best kept (0 = the pipeline's
 *     default, 1 = no ranking); with ranking the teacher's own retrieval figures are not independent
 * @param bootstrapResamples B of the percentile bootstrap (>= 100)
 * @param confidenceLevel level of the intervals, in (0, 1)
 * @param maxRecords evaluate at most this many records per language (0 = all), taken in manifest order
 * @param gridRows records shown in each language's image grid (>= 1)
 * @param teacherLanguage the language the teacher's text tower reads (default {@code en}, the locked-text
 *     teacher's): concept texts and text conditions of other languages are taken from the manifest's
 *     captions in it when it has them for the concept
 * @param inceptionScoreSplits splits of the Inception Score (>= 1, default {@value InceptionScore#DEFAULT_SPLITS}; fewer
 *     for a condition with fewer images); used only when the evaluation has an {@link InceptionNetwork}
 * @param workers records whose images are generated at the same time (1..{@value #MAX_WORKERS}; default one
 *     per available processor, as one generation keeps about one core busy); the figures do not depend on it,
 *     since every record is sampled with its own seed and scored in manifest order
 */
public record EvaluationConfig(Split split, List<String> languages, int samples, long seed, SamplerConfig sampler,
                               int candidates, int bootstrapResamples, double confidenceLevel, int maxRecords, int gridRows,
                               String teacherLanguage, int inceptionScoreSplits, int workers) {

    /** Most records generated at the same time. */
    public static final int MAX_WORKERS = 64;

    /** Validates every field and freezes the list. */
    public EvaluationConfig {
        if (split == null) {
            throw new EvaluationException("EvaluationConfig.split must be set (train, val or test)");
        }
        languages = List.copyOf(languages == null ? List.of() : languages);
        if (samples < 1) {
            throw new EvaluationException("EvaluationConfig.samples must be >= 1, got " + samples);
        }
        if (candidates < 0) {
            throw new EvaluationException("EvaluationConfig.candidates must be >= 1 (or 0 for the pipeline's default), got "
                    + candidates);
        }
        if (bootstrapResamples < 100) {
            throw new EvaluationException("EvaluationConfig.bootstrapResamples must be >= 100, got " + bootstrapResamples);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new EvaluationException("EvaluationConfig.confidenceLevel must be in (0, 1), got " + confidenceLevel);
        }
        if (maxRecords < 0) {
            throw new EvaluationException("EvaluationConfig.maxRecords must be >= 0 (0 = all), got " + maxRecords);
        }
        if (gridRows < 1) {
            throw new EvaluationException("EvaluationConfig.gridRows must be >= 1, got " + gridRows);
        }
        if (teacherLanguage == null || teacherLanguage.isBlank()) {
            throw new EvaluationException("EvaluationConfig.teacherLanguage must be a language code such as 'en'");
        }
        if (inceptionScoreSplits < 1) {
            throw new EvaluationException("EvaluationConfig.inceptionScoreSplits must be >= 1, got " + inceptionScoreSplits);
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new EvaluationException("EvaluationConfig.workers must be in 1.." + MAX_WORKERS + ", got " + workers);
        }
    }

    /** A builder with the defaults: test split, all languages, 2 samples, seed 0, bundle sampler and candidates, B = 1000,
     * 95 %, all records, 8 grid rows, teacher language {@code en}, 10 Inception Score splits, one worker per processor. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link EvaluationConfig}. */
    public static final class Builder {
        private Split split = Split.TEST;
        private List<String> languages = List.of();
        private int samples = 2;
        private long seed;
        private SamplerConfig sampler;
        private int candidates;
        private int bootstrapResamples = 1000;
        private double confidenceLevel = 0.95;
        private int maxRecords;
        private int gridRows = 8;
        private String teacherLanguage = "en";
        private int inceptionScoreSplits = InceptionScore.DEFAULT_SPLITS;
        private int workers = Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors());

        private Builder() {
        }

        /** Split evaluated. */
        public Builder split(Split v) {
            split = v;
            return this;
        }

        /** Languages (empty = all served). */
        public Builder languages(List<String> v) {
            languages = v;
            return this;
        }

        /** Samples per input. */
        public Builder samples(int v) {
            samples = v;
            return this;
        }

        /** Base seed. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Sampler settings (null = the bundle's). */
        public Builder sampler(SamplerConfig v) {
            sampler = v;
            return this;
        }

        /** Candidates per evaluated image (0 = the pipeline's default, 1 = no ranking). */
        public Builder candidates(int v) {
            candidates = v;
            return this;
        }

        /** Bootstrap resamples. */
        public Builder bootstrapResamples(int v) {
            bootstrapResamples = v;
            return this;
        }

        /** Confidence level. */
        public Builder confidenceLevel(double v) {
            confidenceLevel = v;
            return this;
        }

        /** Records per language (0 = all). */
        public Builder maxRecords(int v) {
            maxRecords = v;
            return this;
        }

        /** Grid rows per language. */
        public Builder gridRows(int v) {
            gridRows = v;
            return this;
        }

        /** Language of the teacher's text tower. */
        public Builder teacherLanguage(String v) {
            teacherLanguage = v;
            return this;
        }

        /** Splits of the Inception Score. */
        public Builder inceptionScoreSplits(int v) {
            inceptionScoreSplits = v;
            return this;
        }

        /** Records generated at the same time (default one per available processor). */
        public Builder workers(int v) {
            workers = v;
            return this;
        }

        /** Validates and builds. */
        public EvaluationConfig build() {
            return new EvaluationConfig(split, languages, samples, seed, sampler, candidates, bootstrapResamples, confidenceLevel,
                    maxRecords, gridRows, teacherLanguage, inceptionScoreSplits, workers);
        }
    }
}
