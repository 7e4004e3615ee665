package org.speaktheart.core.train;

/**
 * Training stopped because the loss or the gradient norm of a step was NaN or infinite. The parameters
 * were not updated by that step, and no checkpoint was written after the last finite step, so the newest
 * checkpoint on disk is the last good state.
 */
public final class NonFiniteValueException extends TrainingException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final String quantity;
    private final double value;

    /**
     * @param step     the 0-based index of the step that produced the value
     * @param quantity what was non-finite ("loss", "gradient norm", or a task metric name)
     * @param value    the offending value (NaN or +/-Infinity)
     */
    public NonFiniteValueException(long step, String quantity, double value) {
        super("non-finite " + quantity + " (" + value + ") at step " + step
                + "; training stopped before updating the parameters, the newest checkpoint is the last good state");
        this.step = step;
        this.quantity = quantity;
        this.value = value;
    }

    /** The 0-based index of the failing step. */
    public long step() {
        return step;
    }

    /** What was non-finite: "loss" or "gradient norm". */
    public String quantity() {
        return quantity;
    }

    /** The offending value. */
    public double value() {
        return value;
    }
}
