package org.speaktheart.pipeline.bundle;

/**
 * A model bundle cannot be used: a missing or unreadable manifest, an unknown format version, a
 * missing component file, a hash that does not match, or an unsafe path. The message names the
 * bundle, the component and what was expected.
 */
public class BundleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public BundleException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
