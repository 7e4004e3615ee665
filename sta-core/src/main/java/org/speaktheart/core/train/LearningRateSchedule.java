package org.speaktheart.core.train;

/**
 * The learning rate of each step: linear warm-up from {@code base / warmup} to {@code base} over steps
 * {@code 0 .. warmup-1}, then the configured {@link LrDecay}.
 *
 * <p>Cosine: for step {@code s >= warmup}, {@code p = (s - warmup) / (steps - warmup)} and
 * {@code rate = min + (base - min) * (1 + cos(pi * p)) / 2}, so the first step after warm-up runs at the
 * base rate and the last one just above {@code min}.
 *
 * <p>Plateau is stateful (it watches the loss through {@link #observe}); its state is part of every
 * checkpoint ({@link #state()}, {@link #restore}) so that a resumed run continues exactly.
 */
public final class LearningRateSchedule {

    /**
     * The mutable part of a plateau schedule, as stored in a checkpoint header.
     *
     * @param hasBest     whether a window has completed yet
     * @param best        best window-mean loss so far (meaningless when {@code hasBest} is false)
     * @param badWindows  bad windows in a row since the last improvement or reduction
     * @param scale       current multiplier of the base rate (1 until the first reduction)
     * @param windowSum   sum of the losses observed in the current, incomplete window
     * @param windowCount steps observed in the current window
     */
    public record PlateauState(boolean hasBest, double best, int badWindows, double scale, double windowSum,
            long windowCount) {

        /** The state before any loss was observed. */
        public static PlateauState initial() {
            return new PlateauState(false, 0, 0, 1, 0, 0);
        }
    }

    private final double base;
    private final long steps;
    private final long warmup;
    private final LrDecay decay;
    private PlateauState plateau = PlateauState.initial();

    /**
     * @param base   peak learning rate
     * @param steps  total steps of the run
     * @param warmup linear warm-up steps
     * @param decay  decay after warm-up
     */
    public LearningRateSchedule(double base, long steps, long warmup, LrDecay decay) {
        if (!(base > 0) || steps <= 0 || warmup < 0 || warmup > steps || decay == null) {
            throw new TrainingException("learning-rate schedule needs base > 0, steps > 0, 0 <= warmup <= steps and"
                    + " a decay; got base " + base + ", steps " + steps + ", warmup " + warmup + ", decay " + decay);
        }
        this.base = base;
        this.steps = steps;
        this.warmup = warmup;
        this.decay = decay;
    }

    /** The schedule a config describes. */
    public static LearningRateSchedule of(TrainingConfig config) {
        return new LearningRateSchedule(config.learningRate(), config.steps(), config.warmupSteps(), config.decay());
    }

    /** The learning rate of the 0-based {@code step}. */
    public double rate(long step) {
        if (step < warmup) {
            return base * (step + 1) / warmup;
        }
        if (decay instanceof LrDecay.Cosine c) {
            long span = Math.max(1, steps - warmup);
            double progress = Math.min(1.0, (double) (step - warmup) / span);
            return c.minLearningRate() + (base - c.minLearningRate()) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
        if (decay instanceof LrDecay.Plateau p) {
            return Math.max(p.minLearningRate(), base * plateau.scale());
        }
        return base;
    }

    /** Feeds the finite training loss of {@code step} to a plateau schedule; other schedules ignore it. */
    public void observe(long step, double loss) {
        if (!(decay instanceof LrDecay.Plateau p) || step < warmup) {
            return;
        }
        PlateauState s = plateau;
        double sum = s.windowSum() + loss;
        long count = s.windowCount() + 1;
        if (count < p.windowSteps()) {
            plateau = new PlateauState(s.hasBest(), s.best(), s.badWindows(), s.scale(), sum, count);
            return;
        }
        double mean = sum / count;
        if (!s.hasBest() || mean < s.best() * (1 - p.threshold())) {
            plateau = new PlateauState(true, mean, 0, s.scale(), 0, 0);
        } else if (s.badWindows() + 1 >= p.patience()) {
            plateau = new PlateauState(true, s.best(), 0, s.scale() * p.factor(), 0, 0);
        } else {
            plateau = new PlateauState(true, s.best(), s.badWindows() + 1, s.scale(), 0, 0);
        }
    }

    /** The plateau state to checkpoint (the initial state for other schedules). */
    public PlateauState state() {
        return plateau;
    }

    /** Restores a checkpointed plateau state. */
    public void restore(PlateauState state) {
        this.plateau = state == null ? PlateauState.initial() : state;
    }
}
