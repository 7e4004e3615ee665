package org.speaktheart.audio;

/**
 * The input claims to be a supported format but its bytes do not hold together: truncated chunks, header fields that contradict each other or the file size, or a container that the platform reader refuses.
 */
public class CorruptAudioException extends AudioException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what is accepted
     */
    public CorruptAudioException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public CorruptAudioException(String message, Throwable cause) {
        super(message, cause);
    }
}
