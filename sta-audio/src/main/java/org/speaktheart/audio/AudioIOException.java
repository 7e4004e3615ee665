package org.speaktheart.audio;

/**
 * Reading or writing a file or stream failed at the operating-system level (missing file, permission, disk full), as opposed to bad content.
 */
public class AudioIOException extends AudioException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what is accepted
     */
    public AudioIOException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public AudioIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
