package org.speaktheart.encoder.langid;

import org.speaktheart.encoder.EncoderConfigException;

/**
 * Settings of a language-identifier training run.
 *
 * @param steps optimiser steps (>= 1)
 * @param batchSize clips per step (>= 2), drawn language-balanced: a language uniformly, then one of its clips
 * @param learningRate AdamW learning rate (> 0), cosine-decayed to a tenth
 * @param weightDecay decoupled weight decay (>= 0); it keeps the weights small, which carries over better to unseen voices
 * @param seed seed of initialisation and batches
 */
public record LanguageIdTrainingConfig(int steps, int batchSize, double learningRate, double weightDecay, long seed) {

    /** Validates every field. */
    public LanguageIdTrainingConfig {
        if (steps < 1) {
            throw new EncoderConfigException("language identifier steps must be >= 1, got " + steps);
        }
        if (batchSize < 2) {
            throw new EncoderConfigException("language identifier batch size must be >= 2, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new EncoderConfigException("language identifier learning rate must be > 0, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new EncoderConfigException("language identifier weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** The defaults: 1000 steps of 64 clips, learning rate 0.01, weight decay 0.01, seed 1. */
    public static LanguageIdTrainingConfig defaults() {
        return new LanguageIdTrainingConfig(1000, 64, 0.01, 0.01, 1);
    }
}
