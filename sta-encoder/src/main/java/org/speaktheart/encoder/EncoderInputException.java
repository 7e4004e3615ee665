package org.speaktheart.encoder;

/** Input the encoder cannot take (empty batch, clip too long, wrong sizes, unknown language). */
public class EncoderInputException extends EncoderException {
    private static final long serialVersionUID = 1L;

    /** An input failure. */
    public EncoderInputException(String message) {
        super(message);
    }
}
