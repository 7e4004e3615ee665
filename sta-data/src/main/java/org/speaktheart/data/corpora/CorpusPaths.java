package org.speaktheart.data.corpora;

import java.nio.file.Path;

/** Turns absolute corpus paths into the manifest's relative, {@code /}-separated form. */
final class CorpusPaths {
    private CorpusPaths() { }

    /**
     * @param manifestDir directory the manifest will live in
     * @param file a corpus file
     * @return the path of {@code file} relative to {@code manifestDir}
     * @throws CorpusException when the file is not inside the manifest directory
     */
    static String relative(Path manifestDir, Path file) {
        Path d = manifestDir.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(d)) {
            throw new CorpusException("file " + f + " is outside the manifest directory " + d
                    + "; write the manifest into a directory that contains both images and audio");
        }
        return d.relativize(f).toString().replace('\\', '/');
    }
}
