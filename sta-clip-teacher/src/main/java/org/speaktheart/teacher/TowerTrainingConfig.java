package org.speaktheart.teacher;

import org.speaktheart.core.train.TrainingConfig;

/**
 * Everything one training run of the image tower needs besides the data.
 *
 * @param tower shape of the tower
 * @param training the harness options (steps, seed, learning rate, checkpoints, metrics file...)
 * @param batchSize concepts per step
 * @param flip random horizontal flips
 * @param jitter contrast/brightness jitter amplitude in [0, 1)
 * @param maxShift largest random translation in pixels (0 disables)
 * @param initSeed seed of the initial weights
 * @param reportInterval steps between listener calls (> 0)
 */
public record TowerTrainingConfig(ImageTowerConfig tower, TrainingConfig training, int batchSize, boolean flip, float jitter,
                                  int maxShift, long initSeed, long reportInterval) {

    /** Validates; messages name the field. */
    public TowerTrainingConfig {
        if (tower == null || training == null) {
            throw new TeacherInputException("TowerTrainingConfig.tower and .training must be set");
        }
        if (batchSize < 2) {
            throw new TeacherInputException("TowerTrainingConfig.batchSize must be >= 2, got " + batchSize);
        }
        if (!(jitter >= 0) || jitter >= 1) {
            throw new TeacherInputException("TowerTrainingConfig.jitter must be in [0, 1), got " + jitter);
        }
        if (maxShift < 0 || maxShift >= tower.imageSize()) {
            throw new TeacherInputException("TowerTrainingConfig.maxShift must be in [0, imageSize=" + tower.imageSize() + "), got "
                    + maxShift);
        }
        if (reportInterval <= 0) {
            throw new TeacherInputException("TowerTrainingConfig.reportInterval must be > 0, got " + reportInterval);
        }
    }

    /** A builder; {@code tower} and {@code training} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TowerTrainingConfig}; defaults: batch 32, flips on, jitter 0.1, shift 0, init seed 1, report every 100 steps. */
    public static final class Builder {
        private ImageTowerConfig tower;
        private TrainingConfig training;
        private int batchSize = 32;
        private boolean flip = true;
        private float jitter = 0.1f;
        private int maxShift = 0;
        private long initSeed = 1;
        private long reportInterval = 100;

        private Builder() {
        }

        /** Tower shape. */
        public Builder tower(ImageTowerConfig v) {
            tower = v;
            return this;
        }

        /** Harness options. */
        public Builder training(TrainingConfig v) {
            training = v;
            return this;
        }

        /** Concepts per step. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Random horizontal flips. */
        public Builder flip(boolean v) {
            flip = v;
            return this;
        }

        /** Jitter amplitude. */
        public Builder jitter(float v) {
            jitter = v;
            return this;
        }

        /** Largest random translation in pixels. */
        public Builder maxShift(int v) {
            maxShift = v;
            return this;
        }

        /** Seed of the initial weights. */
        public Builder initSeed(long v) {
            initSeed = v;
            return this;
        }

        /** Steps between listener calls. */
        public Builder reportInterval(long v) {
            reportInterval = v;
            return this;
        }

        /** Validates and builds. */
        public TowerTrainingConfig build() {
            return new TowerTrainingConfig(tower, training, batchSize, flip, jitter, maxShift, initSeed, reportInterval);
        }
    }
}
