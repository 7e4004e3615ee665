package org.speaktheart.core.onnx;

/** Weights could not be read back from an ONNX file: unreadable, or not written for this network. */
public class OnnxImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what was wrong. */
    public OnnxImportException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
