package org.speaktheart.core.train;

/**
 * A checkpoint could not be written or read, is corrupt (a file missing or its checksum wrong), or does
 * not fit the model or configuration it is being restored into.
 */
public class CheckpointException extends TrainingException {

    private static final long serialVersionUID = 1L;

    /** An error that says what was found and what was expected. */
    public CheckpointException(String message) {
        super(message);
    }

    /** An error caused by an I/O failure. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
