package org.speaktheart.audio;

/**
 * Base of every exception thrown by sta-audio for bad input, bad configuration or a failing device.
 *
 * <p>Unchecked so that feature pipelines can be written as plain expressions; callers that accept
 * user audio catch this type (or one of its subclasses) and show {@link #getMessage()}, which
 * always says what was found and what is accepted.
 */
public class AudioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message saying what was found and what is accepted.
     *
     * @param message the explanation
     */
    public AudioException(String message) {
        super(message);
    }

    /**
     * Creates an exception that wraps a lower-level cause.
     *
     * @param message the explanation
     * @param cause the underlying failure
     */
    public AudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
