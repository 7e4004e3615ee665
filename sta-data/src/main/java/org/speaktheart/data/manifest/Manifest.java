package org.speaktheart.data.manifest;

import java.nio.file.Path;
import java.util.List;

/**
 * A manifest loaded from (or destined for) a file: the records and the directory their relative
 * paths are resolved against.
 *
 * @param file the manifest file (absolute)
 * @param records the records in file order, unmodifiable
 */
public record Manifest(Path file, List<ManifestRecord> records) {

    /** Makes the path absolute and the list unmodifiable. */
    public Manifest {
        file = file.toAbsolutePath().normalize();
        records = List.copyOf(records);
    }

    /** @return the directory relative paths are resolved against */
    public Path directory() {
        return file.getParent();
    }

    /**
     * @param relative a path stored in a record ({@code /}-separated, relative)
     * @return the absolute path of that file
     */
    public Path resolve(String relative) {
        return directory().resolve(relative).normalize();
    }

    /**
     * @param split the split wanted
     * @return the records of that split, in file order
     */
    public List<ManifestRecord> split(Split split) {
        return records.stream().filter(r -> r.split() == split).toList();
    }
}
