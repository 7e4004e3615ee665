package org.speaktheart.encoder;

/** Base of every sta-encoder failure; the message says what was found and what is accepted. */
public class EncoderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message. */
    public EncoderException(String message) {
        super(message);
    }

    /** A failure with a message and its cause. */
    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
