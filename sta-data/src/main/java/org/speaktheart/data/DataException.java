package org.speaktheart.data;

/**
 * Base of every unchecked exception thrown by sta-data: bad manifests, bad configurations, failed
 * speech synthesis, unreadable corpus layouts. The message says what was found and what is accepted.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found and what is accepted */
    public DataException(String message) {
        super(message);
    }

    /**
     * @param message what was found and what is accepted
     * @param cause the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
