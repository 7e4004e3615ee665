package org.speaktheart.core.train;

/** A checkpoint header declares a format version this code cannot read. */
public final class UnsupportedCheckpointVersionException extends CheckpointException {

    private static final long serialVersionUID = 1L;

    private final int found;

    /**
     * @param where     the checkpoint directory
     * @param found     the version in its header
     * @param supported the only version this code reads
     */
    public UnsupportedCheckpointVersionException(String where, int found, int supported) {
        super("checkpoint " + where + " has format version " + found + " but this code reads only version "
                + supported);
        this.found = found;
    }

    /** The version found in the header. */
    public int found() {
        return found;
    }
}
