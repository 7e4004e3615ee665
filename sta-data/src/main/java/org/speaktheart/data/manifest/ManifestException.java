package org.speaktheart.data.manifest;

import org.speaktheart.data.DataException;

/**
 * A single manifest problem: a malformed line, an unknown split or language, a duplicate id or a
 * file that does not exist. {@link #kind()} lets callers react to the type of problem.
 */
public class ManifestException extends DataException {
    private static final long serialVersionUID = 1L;

    /** The type of problem. */
    public enum Kind {
        /** A line is not a JSON object of the documented shape, or a required field is missing. */
        MALFORMED,
        /** The split is not train, val or test. */
        UNKNOWN_SPLIT,
        /** The language is not among the accepted ones. */
        UNKNOWN_LANGUAGE,
        /** Two records share an id. */
        DUPLICATE_ID,
        /** A referenced image or audio file does not exist. */
        MISSING_FILE,
        /** A path is absolute or leaves the manifest's directory. */
        BAD_PATH,
        /** The manifest file cannot be read or written. */
        IO
    }

    private final Kind kind;

    /**
     * @param kind type of problem
     * @param message what was found and what is accepted
     */
    public ManifestException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * @param kind type of problem
     * @param message what was found and what is accepted
     * @param cause underlying failure
     */
    public ManifestException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** @return the type of problem */
    public Kind kind() {
        return kind;
    }
}
