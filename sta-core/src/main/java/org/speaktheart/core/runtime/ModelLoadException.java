package org.speaktheart.core.runtime;

/** A model file is missing, unreadable, truncated, corrupt or not a valid ONNX graph. */
public class ModelLoadException extends OnnxRuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message and a cause. */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
