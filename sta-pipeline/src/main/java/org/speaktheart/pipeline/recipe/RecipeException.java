package org.speaktheart.pipeline.recipe;

/**
 * A training recipe that cannot run as configured: a missing or incomplete provided component, a
 * manifest without the records a stage needs, a stage marker that cannot be read. The message says
 * what was found and what is accepted.
 */
public class RecipeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public RecipeException(String message) {
        super(message);
    }

    /** With a message and the underlying error. */
    public RecipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
