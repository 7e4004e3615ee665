package org.speaktheart.pipeline;

/**
 * A request the pipeline refuses: silent, too long or unreadable audio, a language the bundle has no
 * encoder for, or absurd sampling settings. The message says what was found and what is accepted.
 */
public class PipelineInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public PipelineInputException(String message) {
        super(message);
    }

    /** With a message and the underlying error. */
    public PipelineInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
