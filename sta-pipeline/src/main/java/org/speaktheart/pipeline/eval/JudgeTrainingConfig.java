package org.speaktheart.pipeline.eval;

import org.speaktheart.data.manifest.Split;

/**
 * How {@link JudgeTrainer} trains the judge classifier.
 *
 * @param network shape of the network (its class count is replaced by the manifest's concept count)
 * @param steps optimiser steps (>= 1)
 * @param batchSize images per step (>= 2)
 * @param learningRate peak AdamW learning rate (> 0)
 * @param seed seed of initialisation, batches and augmentation
 * @param maxShift largest random translation in pixels (>= 0)
 * @param jitter contrast/brightness jitter amplitude in [0, 1)
 * @param trainSplit split whose pictures train the judge (the training styles)
 * @param valSplit split whose pictures validate it (the held-out style)
 */
public record JudgeTrainingConfig(JudgeConfig network, int steps, int batchSize, double learningRate, long seed,
                                  int maxShift, float jitter, Split trainSplit, Split valSplit) {

    /** Validates every field. */
    public JudgeTrainingConfig {
        if (network == null) {
            throw new EvaluationException("JudgeTrainingConfig.network must be set");
        }
        if (steps < 1) {
            throw new EvaluationException("JudgeTrainingConfig.steps must be >= 1, got " + steps);
        }
        if (batchSize < 2) {
            throw new EvaluationException("JudgeTrainingConfig.batchSize must be >= 2, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new EvaluationException("JudgeTrainingConfig.learningRate must be finite and > 0, got " + learningRate);
        }
        if (maxShift < 0 || maxShift >= network.imageSize()) {
            throw new EvaluationException("JudgeTrainingConfig.maxShift must be in [0, " + network.imageSize() + "), got " + maxShift);
        }
        if (!(jitter >= 0) || jitter >= 1) {
            throw new EvaluationException("JudgeTrainingConfig.jitter must be in [0, 1), got " + jitter);
        }
        if (trainSplit == null || valSplit == null) {
            throw new EvaluationException("JudgeTrainingConfig.trainSplit and valSplit must be set");
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link JudgeTrainingConfig}; defaults: 32 px network, 600 steps, batch 32, lr 2e-3, seed 1, shift 2, jitter 0.1, train/val. */
    public static final class Builder {
        private JudgeConfig network = JudgeConfig.defaults(2);
        private int steps = 600;
        private int batchSize = 32;
        private double learningRate = 2e-3;
        private long seed = 1;
        private int maxShift = 2;
        private float jitter = 0.1f;
        private Split trainSplit = Split.TRAIN;
        private Split valSplit = Split.VAL;

        private Builder() {
        }

        /** Network shape (the class count is set from the manifest). */
        public Builder network(JudgeConfig v) {
            network = v;
            return this;
        }

        /** Optimiser steps. */
        public Builder steps(int v) {
            steps = v;
            return this;
        }

        /** Images per step. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Peak learning rate. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Seed. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Largest translation in pixels. */
        public Builder maxShift(int v) {
            maxShift = v;
            return this;
        }

        /** Contrast/brightness jitter amplitude. */
        public Builder jitter(float v) {
            jitter = v;
            return this;
        }

        /** Training split. */
        public Builder trainSplit(Split v) {
            trainSplit = v;
            return this;
        }

        /** Validation split. */
        public Builder valSplit(Split v) {
            valSplit = v;
            return this;
        }

        /** Validates and builds. */
        public JudgeTrainingConfig build() {
            return new JudgeTrainingConfig(network, steps, batchSize, learningRate, seed, maxShift, jitter, trainSplit, valSplit);
        }
    }
}
