package org.speaktheart.core.onnx;

/** A graph could not be built or written: a name clash, an unknown value, a bad shape. */
public class OnnxExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what was wrong. */
    public OnnxExportException(String message) {
        super(message);
    }

    /** Creates the exception with a cause. */
    public OnnxExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
