package org.speaktheart.core.train;

/** A {@link TrainingConfig} field holds a value the harness does not accept; the message names the field. */
public final class TrainingConfigException extends TrainingException {

    private static final long serialVersionUID = 1L;

    /** Creates the error for one invalid field. */
    public TrainingConfigException(String message) {
        super(message);
    }
}
