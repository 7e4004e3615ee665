package org.speaktheart.vqvae;

/**
 * Bad input to the image tokenizer (configuration, images, token grids, remapping tables, model
 * files that do not follow the tokenizer contract). The message says what was found and what is
 * accepted.
 */
public class VqVaeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public VqVaeException(String message) {
        super(message);
    }

    /** An error with a message and a cause. */
    public VqVaeException(String message, Throwable cause) {
        super(message, cause);
    }
}
