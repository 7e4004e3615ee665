package org.speaktheart.vqvae;

import java.util.Objects;
import org.speaktheart.core.train.TrainingConfig;

/**
 * A VQ-VAE training run: the network, the harness settings (steps, seed, learning rate,
 * checkpoints, metrics file, ...) and the VQ-VAE specific data and codebook options.
 *
 * @param model the network and loss configuration
 * @param training the harness configuration (its seed drives batches; see docs/training.md)
 * @param batchSize images per step
 * @param horizontalFlips mirror each drawn image left-right with probability 1/2 (only where the
 *     data allows: not for images with text or handed symbols)
 * @param restartInterval steps between dead-code restart checks (0 = never)
 * @param evaluationInterval steps between held-out evaluations (0 = only at the end)
 * @param initSeed seed of the weight initialisation and of the data-dependent codebook start
 */
public record VqVaeTrainingConfig(VqVaeConfig model, TrainingConfig training, int batchSize, boolean horizontalFlips,
                                  int restartInterval, int evaluationInterval, long initSeed) {

    public VqVaeTrainingConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        if (batchSize <= 0) {
            throw new VqVaeException("batchSize is " + batchSize + "; accepted: > 0");
        }
        if (restartInterval < 0) {
            throw new VqVaeException("restartInterval is " + restartInterval + "; accepted: >= 0");
        }
        if (evaluationInterval < 0) {
            throw new VqVaeException("evaluationInterval is " + evaluationInterval + "; accepted: >= 0");
        }
    }

    /** A builder; {@code model} and {@code training} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link VqVaeTrainingConfig}. */
    public static final class Builder {
        private VqVaeConfig model;
        private TrainingConfig training;
        private int batchSize = 32;
        private boolean horizontalFlips = true;
        private int restartInterval = 50;
        private int evaluationInterval = 0;
        private long initSeed = 1;

        private Builder() {
        }

        /** The network (required). */
        public Builder model(VqVaeConfig v) {
            model = v;
            return this;
        }

        /** The harness settings (required). */
        public Builder training(TrainingConfig v) {
            training = v;
            return this;
        }

        /** Images per step (default 32). */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Left-right flips (default on). */
        public Builder horizontalFlips(boolean v) {
            horizontalFlips = v;
            return this;
        }

        /** Steps between dead-code checks (default 50, 0 = never). */
        public Builder restartInterval(int v) {
            restartInterval = v;
            return this;
        }

        /** Steps between evaluations (default 0 = at the end only). */
        public Builder evaluationInterval(int v) {
            evaluationInterval = v;
            return this;
        }

        /** Initialisation seed (default 1). */
        public Builder initSeed(long v) {
            initSeed = v;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws VqVaeException naming an invalid field
         */
        public VqVaeTrainingConfig build() {
            if (model == null) {
                throw new VqVaeException("model is missing; accepted: a VqVaeConfig");
            }
            if (training == null) {
                throw new VqVaeException("training is missing; accepted: a TrainingConfig");
            }
            return new VqVaeTrainingConfig(model, training, batchSize, horizontalFlips, restartInterval,
                    evaluationInterval, initSeed);
        }
    }
}
