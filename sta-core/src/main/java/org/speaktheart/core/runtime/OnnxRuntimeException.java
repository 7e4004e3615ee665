package org.speaktheart.core.runtime;

/** Base of the typed errors raised by {@link OnnxModel}; the message says what was wrong. */
public class OnnxRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public OnnxRuntimeException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public OnnxRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
