package org.speaktheart.data.revoice;

import org.speaktheart.data.DataException;

/**
 * A re-voicing request that cannot be carried out as asked: a new voice already speaks in another
 * split (its speech would leak into training), nothing to re-speak, or an output manifest that
 * cannot share the source's relative paths.
 */
public class RevoiceException extends DataException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and what is accepted */
    public RevoiceException(String message) {
        super(message);
    }
}
