/**
 * The DJL training harness shared by every STA trainer: {@link org.speaktheart.core.train.TrainingLoop} runs a
 * {@link org.speaktheart.core.train.TrainingTask} over a DJL block with
 * {@link org.speaktheart.core.train.AdamW}, a warm-up plus cosine or plateau
 * {@link org.speaktheart.core.train.LearningRateSchedule}, global gradient-norm clipping, an optional
 * {@link org.speaktheart.core.train.ExponentialMovingAverage} of the weights, JSON-lines metrics, progress
 * output, atomic versioned checkpoints ({@link org.speaktheart.core.train.CheckpointStore}) with exact resume,
 * and a guard that stops on a non-finite loss or gradient. Configured by
 * {@link org.speaktheart.core.train.TrainingConfig}. See docs/training.md.
 */
package org.speaktheart.core.train;
