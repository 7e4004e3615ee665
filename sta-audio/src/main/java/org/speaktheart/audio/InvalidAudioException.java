package org.speaktheart.audio;

/**
 * The audio decoded or was given fine but cannot be used: NaN or infinite samples, no samples, all silence, longer than the allowed duration, or a sample rate outside the accepted range.
 */
public class InvalidAudioException extends AudioException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what is accepted
     */
    public InvalidAudioException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public InvalidAudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
