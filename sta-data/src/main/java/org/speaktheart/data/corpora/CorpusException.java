package org.speaktheart.data.corpora;

import org.speaktheart.data.DataException;

/** A public corpus directory does not have the expected layout (missing list, bad line, unreadable file). */
public class CorpusException extends DataException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found and what layout is expected */
    public CorpusException(String message) {
        super(message);
    }

    /**
     * @param message what was found and what layout is expected
     * @param cause underlying failure
     */
    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
