package org.speaktheart.core.train;

/**
 * How the learning rate evolves after the linear warm-up. One of {@link Constant}, {@link Cosine} or
 * {@link Plateau}; {@link LearningRateSchedule} turns it into a rate per step.
 */
public sealed interface LrDecay permits LrDecay.Constant, LrDecay.Cosine, LrDecay.Plateau {

    /** The base learning rate for every step after warm-up. */
    record Constant() implements LrDecay {
    }

    /**
     * Half-cosine from the base rate at the end of warm-up down to {@code minLearningRate} at the last step.
     *
     * @param minLearningRate the rate reached at the final step (>= 0, at most the base rate)
     */
    record Cosine(double minLearningRate) implements LrDecay {
    }

    /**
     * Reduce-on-plateau on the training loss. After warm-up the losses are averaged over windows of
     * {@code windowSteps} steps; a window whose mean is not below {@code best * (1 - threshold)} counts as
     * bad, and after {@code patience} bad windows in a row the rate is multiplied by {@code factor} (never
     * below {@code minLearningRate}).
     *
     * @param factor          multiplier applied on a plateau, in (0, 1)
     * @param patience        bad windows tolerated before reducing (>= 1)
     * @param windowSteps     steps averaged per window (>= 1)
     * @param threshold       relative improvement that counts as progress, in [0, 1)
     * @param minLearningRate floor of the rate (>= 0)
     */
    record Plateau(double factor, int patience, int windowSteps, double threshold, double minLearningRate)
            implements LrDecay {
    }

    /** No decay. */
    static LrDecay constant() {
        return new Constant();
    }

    /** Cosine decay to {@code minLearningRate}. */
    static LrDecay cosine(double minLearningRate) {
        return new Cosine(minLearningRate);
    }

    /** Reduce-on-plateau, see {@link Plateau}. */
    static LrDecay plateau(double factor, int patience, int windowSteps, double threshold, double minLearningRate) {
        return new Plateau(factor, patience, windowSteps, threshold, minLearningRate);
    }
}
