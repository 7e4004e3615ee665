package org.speaktheart.diffusion;

/**
 * Thrown for invalid input to the diffusion module: a schedule, configuration, token grid, timestep
 * or array that does not fit. The message names what was found and what is accepted.
 */
public class DiffusionArgumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the offending field and the accepted values. */
    public DiffusionArgumentException(String message) {
        super(message);
    }

    /** Creates the exception with a cause (for example a malformed JSON document). */
    public DiffusionArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
