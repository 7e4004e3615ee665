package org.speaktheart.audio;

/**
 * A configuration record (features, conditioning, augmentation, capture) was built or parsed with a field outside its accepted range; the message names the field.
 */
public class AudioConfigException extends AudioException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was found and what is accepted
     */
    public AudioConfigException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public AudioConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
