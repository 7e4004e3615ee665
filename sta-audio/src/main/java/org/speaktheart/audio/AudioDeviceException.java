package org.speaktheart.audio;

/**
 * A capture device could not be found, opened or read.
 */
public class AudioDeviceException extends AudioException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what is accepted
     */
    public AudioDeviceException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public AudioDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
