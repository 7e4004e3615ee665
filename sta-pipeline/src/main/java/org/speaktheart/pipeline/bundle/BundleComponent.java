package org.speaktheart.pipeline.bundle;

/**
 * One file of a bundle.
 *
 * @param file path relative to the bundle root (forward slashes, no {@code ..}, not absolute)
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param bytes the file's size in bytes
 */
public record BundleComponent(String file, String sha256, long bytes) {

    public BundleComponent {
        if (file == null || file.isBlank()) {
            throw new BundleException("a bundle component needs a file name");
        }
        if (file.startsWith("/") || file.contains("\\") || file.contains(":")
                || java.util.Arrays.asList(file.split("/")).contains("..")) {
            throw new BundleException("bundle component path '" + file + "' must be relative, use '/' and stay inside the"
                    + " bundle");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new BundleException("bundle component '" + file + "' has no valid SHA-256 (64 lower-case hex digits), got "
                    + sha256);
        }
        if (bytes < 0) {
            throw new BundleException("bundle component '" + file + "' has a negative size");
        }
    }
}
