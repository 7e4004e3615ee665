package org.speaktheart.core.runtime;

/**
 * Inputs given to {@link OnnxModel#run} do not fit what the model declares: a missing or unknown
 * name, a wrong element type, a wrong rank or a wrong fixed dimension.
 */
public class ModelInputException extends OnnxRuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message that names the input and what was expected. */
    public ModelInputException(String message) {
        super(message);
    }
}
