package org.speaktheart.data;

/**
 * Receives progress of a long data job (corpus build, batch synthesis). Called from worker
 * threads, so implementations must be thread safe. {@code done} counts finished units out of
 * {@code total}; {@code stage} names the phase (e.g. "images", "speech").
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every report. */
    ProgressListener NONE = (stage, done, total) -> { };

    /**
     * @param stage phase name
     * @param done units finished so far, 0..total
     * @param total units in this phase
     */
    void progress(String stage, long done, long total);
}
