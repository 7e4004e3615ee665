package org.speaktheart.encoder;

/** A configuration field out of range or a configuration JSON that cannot be read; names the field. */
public class EncoderConfigException extends EncoderException {
    private static final long serialVersionUID = 1L;

    /** A configuration failure. */
    public EncoderConfigException(String message) {
        super(message);
    }

    /** Creates the exception with the failure that caused it. */
    public EncoderConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
