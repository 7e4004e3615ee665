package org.speaktheart.core.runtime;

/** The requested execution provider cannot be used on this machine or with this ONNX Runtime build. */
public class ExecutionProviderUnavailableException extends OnnxRuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message and an optional cause. */
    public ExecutionProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
