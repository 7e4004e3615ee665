package org.speaktheart.pipeline.eval;

/**
 * Refused evaluation input: a missing split or language, a manifest without images or audio, a
 * judge that does not fit the manifest, settings out of range. The message says what was found and
 * what is accepted.
 */
public class EvaluationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found and what is accepted */
    public EvaluationException(String message) {
        super(message);
    }

    /**
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
