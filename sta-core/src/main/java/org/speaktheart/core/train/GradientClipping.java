package org.speaktheart.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;

import java.util.List;

/**
 * Global L2 gradient-norm clipping: the norm is taken over all gradients together,
 * {@code sqrt(sum_i sum(g_i^2))}, and every gradient is scaled by {@code min(1, maxNorm / (norm + 1e-6))},
 * the rule of PyTorch's {@code clip_grad_norm_}.
 */
public final class GradientClipping {

    /** Added to the norm before dividing, as PyTorch does, so a zero norm never divides by zero. */
    public static final double NORM_EPSILON = 1e-6;

    private GradientClipping() {
    }

    /** The global L2 norm of the gradients (one host synchronisation). */
    public static double globalNorm(List<NDArray> gradients) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray total = null;
            for (NDArray g : gradients) {
                // squares summed in float64: a float32 sum overflows to infinity for finite gradients above ~1e19,
                // which would stop a run whose clipping could still have tamed the step
                NDArray squares = g.toType(DataType.FLOAT64, false).square().sum();
                total = total == null ? squares : total.addi(squares);
            }
            return total == null ? 0.0 : Math.sqrt(total.getDouble());
        }
    }

    /**
     * The factor the gradients are multiplied by.
     *
     * @param norm    their global norm
     * @param maxNorm the limit; 0 means no clipping
     */
    public static double scale(double norm, double maxNorm) {
        if (maxNorm <= 0) {
            return 1.0;
        }
        return Math.min(1.0, maxNorm / (norm + NORM_EPSILON));
    }
}
