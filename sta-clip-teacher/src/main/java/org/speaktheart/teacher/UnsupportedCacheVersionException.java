package org.speaktheart.teacher;

import java.nio.file.Path;

/** An embedding cache file written in a format version this code does not read. */
public final class UnsupportedCacheVersionException extends TeacherLoadException {
    private static final long serialVersionUID = 1L;
    private final int foundVersion;

    /** @param foundVersion the version in the file */
    public UnsupportedCacheVersionException(Path file, int foundVersion) {
        super(file + " has embedding cache format version " + foundVersion + "; supported: " + EmbeddingCache.FORMAT_VERSION);
        this.foundVersion = foundVersion;
    }

    /** The version found in the file. */
    public int foundVersion() {
        return foundVersion;
    }
}
