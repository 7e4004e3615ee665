package org.speaktheart.data.tts;

import org.speaktheart.data.DataException;

/** A text-to-speech engine failed: non-zero exit, timeout, empty output or an unusable request. */
public class SynthesisException extends DataException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what is expected */
    public SynthesisException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what is expected
     * @param cause underlying failure
     */
    public SynthesisException(String message, Throwable cause) {
        super(message, cause);
    }
}
