package org.speaktheart.encoder.training;

import org.speaktheart.encoder.EncoderConfigException;

/**
 * Options of the distillation loss and batching.
 *
 * @param batchSize items per step (each of a different image, so InfoNCE has no duplicate positives), >= 2
 * @param textWeight weight of the cosine-distillation term toward the English-caption text embedding, >= 0
 * @param maxLogitScale upper clamp of the learnable logit scale (CLIP: 100), > 0
 * @param augmentation training-time augmentation
 * @param textContrastiveWeight weight of the symmetric InfoNCE between speech and the text embeddings (same-concept
 *     items count as positives), >= 0; 0 = off
 * @param ctcWeight weight of the auxiliary CTC loss of the frame sequence against the caption's characters
 *     ({@link CtcLoss}, {@link CaptionAlphabet}; the network needs a CTC head), >= 0; 0 = off
 */
public record DistillationConfig(int batchSize, double textWeight, double maxLogitScale, Augmentation augmentation,
                                 double textContrastiveWeight, double ctcWeight) {

    /** Without the CTC term. */
    public DistillationConfig(int batchSize, double textWeight, double maxLogitScale, Augmentation augmentation,
                              double textContrastiveWeight) {
        this(batchSize, textWeight, maxLogitScale, augmentation, textContrastiveWeight, 0);
    }

    /** Without the text-contrastive term. */
    public DistillationConfig(int batchSize, double textWeight, double maxLogitScale, Augmentation augmentation) {
        this(batchSize, textWeight, maxLogitScale, augmentation, 0, 0);
    }

    /** Validates the fields; messages name them. */
    public DistillationConfig {
        if (batchSize < 2) {
            throw new EncoderConfigException("DistillationConfig.batchSize must be >= 2 for a contrastive loss, got "
                    + batchSize);
        }
        if (!(textWeight >= 0) || !Double.isFinite(textWeight)) {
            throw new EncoderConfigException("DistillationConfig.textWeight must be finite and >= 0, got " + textWeight);
        }
        if (!(maxLogitScale > 0) || !Double.isFinite(maxLogitScale)) {
            throw new EncoderConfigException("DistillationConfig.maxLogitScale must be finite and > 0, got "
                    + maxLogitScale);
        }
        if (!(textContrastiveWeight >= 0) || !Double.isFinite(textContrastiveWeight)) {
            throw new EncoderConfigException("DistillationConfig.textContrastiveWeight must be finite and >= 0, got "
                    + textContrastiveWeight);
        }
        if (!(ctcWeight >= 0) || !Double.isFinite(ctcWeight)) {
            throw new EncoderConfigException("DistillationConfig.ctcWeight must be finite and >= 0, got " + ctcWeight);
        }
        if (augmentation == null) {
            throw new EncoderConfigException("DistillationConfig.augmentation must be set (Augmentation.none() for none)");
        }
    }
}
