package org.speaktheart.core.train;

/**
 * Base type of every error raised by the training harness: a bad configuration, a model the harness
 * cannot train, a non-finite value during training, or an unreadable checkpoint.
 */
public class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with a message that says what was found and what is accepted. */
    public TrainingException(String message) {
        super(message);
    }

    /** An error caused by a lower-level failure (I/O, engine). */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
