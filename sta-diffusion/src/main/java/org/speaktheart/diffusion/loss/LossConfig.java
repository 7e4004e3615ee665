package org.speaktheart.diffusion.loss;

import org.speaktheart.diffusion.DiffusionArgumentException;

/**
 * Weights of the VQ-Diffusion training loss (Gu et al. 2022, auxiliary denoising objective; docs/diffusion.md eq. D7; the original code's
 * {@code auxiliary_loss_weight}, {@code adaptive_auxiliary_loss} and {@code mask_weight}).
 *
 * @param auxiliaryWeight   lambda of the auxiliary x0 term ({@code >= 0}; the original configs use 5e-4)
 * @param adaptiveAuxiliary scale the auxiliary term by {@code 2 - (t - 1) / T} (1-based t), as the
 *                          original code's {@code (1 - t/T) + 1} with its 0-based t
 * @param maskedWeight      weight of positions where {@code x_t} is [MASK] ({@code >= 0})
 * @param unmaskedWeight    weight of the other positions ({@code >= 0})
 */
public record LossConfig(double auxiliaryWeight, boolean adaptiveAuxiliary, double maskedWeight, double unmaskedWeight) {

    /** The original code's configuration: auxiliary weight 5e-4, adaptive, mask weights 1 and 1. */
    public static final LossConfig VQ_DIFFUSION = new LossConfig(5e-4, true, 1.0, 1.0);

    public LossConfig {
        check("auxiliaryWeight", auxiliaryWeight);
        check("maskedWeight", maskedWeight);
        check("unmaskedWeight", unmaskedWeight);
    }

    private static void check(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new DiffusionArgumentException(field + " must be a finite value >= 0, got " + value);
        }
    }
}
