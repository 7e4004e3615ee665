package org.speaktheart.core.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything {@link TrainingLoop} needs besides the model and the task: step count, seed, AdamW
 * hyper-parameters, learning-rate schedule, gradient clipping, EMA, checkpoints, metrics and logging.
 * Immutable; build it with {@link #builder()}, which validates every field.
 *
 * <p>Steps are counted from 0; a run executes steps {@code 0 .. steps-1} (minus those already done when it
 * resumes from a checkpoint).
 *
 * @param steps              total number of optimizer steps (> 0)
 * @param seed               root of all randomness of the run (batches, dropout)
 * @param learningRate       base (peak) learning rate, reached at the end of warm-up (> 0)
 * @param beta1              AdamW first-moment decay, in [0, 1)
 * @param beta2              AdamW second-moment decay, in [0, 1)
 * @param epsilon            AdamW denominator term (> 0)
 * @param weightDecay        decoupled weight decay per unit learning rate, applied to parameters of type
 *                           WEIGHT only (>= 0)
 * @param warmupSteps        steps of linear warm-up from {@code learningRate / warmupSteps} to
 *                           {@code learningRate} (0 .. steps)
 * @param decay              schedule after warm-up
 * @param clipNorm           maximum global L2 norm of the gradients; 0 disables clipping (>= 0)
 * @param emaDecay           decay of the exponential moving average of the weights; 0 disables EMA
 *                           (0 or in (0, 1))
 * @param checkpointDir      directory holding the checkpoints of this run, or null for none
 * @param checkpointInterval steps between checkpoints (> 0); a final checkpoint is always written
 * @param keepCheckpoints    how many of the newest checkpoints stay on disk (>= 1)
 * @param metricsFile        JSON-lines file the per-step metrics are appended to, or null for none
 * @param logInterval        steps between plain log lines when no terminal is attached (> 0)
 */
public record TrainingConfig(
        long steps,
        long seed,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        long warmupSteps,
        LrDecay decay,
        double clipNorm,
        double emaDecay,
        Path checkpointDir,
        long checkpointInterval,
        int keepCheckpoints,
        Path metricsFile,
        long logInterval) {

    /** Validates like {@link Builder#build()}, so a record made directly is checked too. */
    public TrainingConfig {
        require(steps > 0, "steps", "must be > 0", steps);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", "must be finite and > 0",
                learningRate);
        require(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1)", beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1)", beta2);
        require(epsilon > 0 && Double.isFinite(epsilon), "epsilon", "must be finite and > 0", epsilon);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay", "must be finite and >= 0",
                weightDecay);
        require(warmupSteps >= 0 && warmupSteps <= steps, "warmupSteps", "must be in [0, steps=" + steps + "]",
                warmupSteps);
        if (decay == null) {
            throw new TrainingConfigException("TrainingConfig.decay must not be null");
        }
        validateDecay(decay, learningRate);
        require(clipNorm >= 0 && Double.isFinite(clipNorm), "clipNorm", "must be finite and >= 0 (0 disables)",
                clipNorm);
        require(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1), "emaDecay", "must be 0 (off) or in (0, 1)",
                emaDecay);
        require(checkpointInterval > 0, "checkpointInterval", "must be > 0", checkpointInterval);
        require(keepCheckpoints >= 1, "keepCheckpoints", "must be >= 1", keepCheckpoints);
        require(logInterval > 0, "logInterval", "must be > 0", logInterval);
    }

    /** A builder with the defaults listed on its setters; only {@code steps} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this config, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().steps(steps).seed(seed).learningRate(learningRate).betas(beta1, beta2)
                .epsilon(epsilon).weightDecay(weightDecay).warmupSteps(warmupSteps).decay(decay)
                .clipNorm(clipNorm).emaDecay(emaDecay).checkpointDir(checkpointDir)
                .checkpointInterval(checkpointInterval).keepCheckpoints(keepCheckpoints).metricsFile(metricsFile)
                .logInterval(logInterval);
    }

    /** The checkpoint directory, if checkpoints are on. */
    public Optional<Path> checkpoints() {
        return Optional.ofNullable(checkpointDir);
    }

    /** The metrics file, if metrics are on. */
    public Optional<Path> metrics() {
        return Optional.ofNullable(metricsFile);
    }

    /** True when an EMA of the weights is kept. */
    public boolean emaEnabled() {
        return emaDecay > 0;
    }

    private static void validateDecay(LrDecay decay, double learningRate) {
        if (decay instanceof LrDecay.Cosine c) {
            require(c.minLearningRate() >= 0 && c.minLearningRate() <= learningRate, "decay.minLearningRate",
                    "must be in [0, learningRate=" + learningRate + "]", c.minLearningRate());
        } else if (decay instanceof LrDecay.Plateau p) {
            require(p.factor() > 0 && p.factor() < 1, "decay.factor", "must be in (0, 1)", p.factor());
            require(p.patience() >= 1, "decay.patience", "must be >= 1", p.patience());
            require(p.windowSteps() >= 1, "decay.windowSteps", "must be >= 1", p.windowSteps());
            require(p.threshold() >= 0 && p.threshold() < 1, "decay.threshold", "must be in [0, 1)", p.threshold());
            require(p.minLearningRate() >= 0 && p.minLearningRate() <= learningRate, "decay.minLearningRate",
                    "must be in [0, learningRate=" + learningRate + "]", p.minLearningRate());
        }
    }

    private static void require(boolean ok, String field, String rule, Object found) {
        if (!ok) {
            throw new TrainingConfigException("TrainingConfig." + field + " " + rule + ", got " + found);
        }
    }

    /** Mutable builder for {@link TrainingConfig}; {@link #build()} validates. */
    public static final class Builder {
        private long steps = -1;
        private long seed = 0;
        private double learningRate = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay = 0.01;
        private long warmupSteps = 0;
        private LrDecay decay = LrDecay.cosine(0);
        private double clipNorm = 0;
        private double emaDecay = 0;
        private Path checkpointDir;
        private long checkpointInterval = 1000;
        private int keepCheckpoints = 2;
        private Path metricsFile;
        private long logInterval = 100;

        private Builder() {
        }

        /** Total optimizer steps; required. */
        public Builder steps(long steps) {
            this.steps = steps;
            return this;
        }

        /** Root seed; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Peak learning rate; default 1e-3. */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** AdamW moment decays; default 0.9 and 0.999. */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** AdamW epsilon; default 1e-8. */
        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Decoupled weight decay; default 0.01. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Linear warm-up steps; default 0. */
        public Builder warmupSteps(long warmupSteps) {
            this.warmupSteps = warmupSteps;
            return this;
        }

        /** Schedule after warm-up; default cosine to 0. */
        public Builder decay(LrDecay decay) {
            this.decay = decay;
            return this;
        }

        /** Global gradient-norm limit; default 0 (off). */
        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        /** EMA decay of the weights; default 0 (off). */
        public Builder emaDecay(double emaDecay) {
            this.emaDecay = emaDecay;
            return this;
        }

        /** Checkpoint directory; default none. */
        public Builder checkpointDir(Path checkpointDir) {
            this.checkpointDir = checkpointDir;
            return this;
        }

        /** Steps between checkpoints; default 1000. */
        public Builder checkpointInterval(long checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
            return this;
        }

        /** Newest checkpoints kept on disk; default 2. */
        public Builder keepCheckpoints(int keepCheckpoints) {
            this.keepCheckpoints = keepCheckpoints;
            return this;
        }

        /** JSON-lines metrics file; default none. */
        public Builder metricsFile(Path metricsFile) {
            this.metricsFile = metricsFile;
            return this;
        }

        /** Steps between log lines without a terminal; default 100. */
        public Builder logInterval(long logInterval) {
            this.logInterval = logInterval;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws TrainingConfigException naming the first invalid field
         */
        public TrainingConfig build() {
            return new TrainingConfig(steps, seed, learningRate, beta1, beta2, epsilon, weightDecay, warmupSteps,
                    decay, clipNorm, emaDecay, checkpointDir, checkpointInterval, keepCheckpoints, metricsFile,
                    logInterval);
        }
    }
}
