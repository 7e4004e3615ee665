package org.speaktheart.data.manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a manifest: unique ids, accepted languages, relative paths that stay inside the manifest
 * directory, and (optionally) that every image and audio file exists.
 *
 * @param acceptedLanguages language codes accepted (e.g. {@code en}, {@code ar})
 * @param checkFiles whether to check that referenced files exist
 */
public record ManifestValidator(Set<String> acceptedLanguages, boolean checkFiles) {

    /** Freezes the language set. */
    public ManifestValidator {
        if (acceptedLanguages == null || acceptedLanguages.isEmpty()) {
            throw new ManifestException(ManifestException.Kind.UNKNOWN_LANGUAGE, "acceptedLanguages must name at least one language");
        }
        acceptedLanguages = Set.copyOf(new TreeSet<>(acceptedLanguages));
    }

    /** @return a validator for English and Arabic that checks files */
    public static ManifestValidator englishArabic() {
        return new ManifestValidator(Set.of("en", "ar"), true);
    }

    /**
     * Collects every problem of a manifest.
     *
     * @param manifest the manifest
     * @return problems in record order (empty when valid)
     */
    public List<ManifestException> problems(Manifest manifest) {
        List<ManifestException> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ManifestRecord r : manifest.records()) {
            if (!ids.add(r.id())) {
                out.add(new ManifestException(ManifestException.Kind.DUPLICATE_ID, "duplicate record id '" + r.id() + "'; ids must be unique"));
            }
            if (!acceptedLanguages.contains(r.language())) {
                out.add(new ManifestException(ManifestException.Kind.UNKNOWN_LANGUAGE, "record '" + r.id() + "': unknown language '"
                        + r.language() + "'; accepted: " + String.join(", ", new TreeSet<>(acceptedLanguages))));
            }
            checkPath(manifest, r, "imagePath", r.imagePath(), out);
            if (r.audioPath() != null) {
                checkPath(manifest, r, "audioPath", r.audioPath(), out);
            }
        }
        return out;
    }

    private void checkPath(Manifest m, ManifestRecord r, String field, String rel, List<ManifestException> out) {
        Path p = Path.of(rel);
        if (p.isAbsolute() || rel.startsWith("/") || !m.resolve(rel).startsWith(m.directory())) {
            out.add(new ManifestException(ManifestException.Kind.BAD_PATH, "record '" + r.id() + "': " + field + " '" + rel
                    + "' must be relative to the manifest directory and stay inside it"));
            return;
        }
        if (checkFiles && !Files.isRegularFile(m.resolve(rel))) {
            out.add(new ManifestException(ManifestException.Kind.MISSING_FILE, "record '" + r.id() + "': " + field + " '" + rel
                    + "' does not exist (looked for " + m.resolve(rel) + ")"));
        }
    }

    /**
     * Validates and throws the first problem, with the total count in the message.
     *
     * @param manifest the manifest
     * @throws ManifestException of the first problem's kind when any problem exists
     */
    public void validate(Manifest manifest) {
        List<ManifestException> p = problems(manifest);
        if (!p.isEmpty()) {
            ManifestException first = p.get(0);
            ManifestException e = new ManifestException(first.kind(), manifest.file() + ": " + p.size() + " problem(s); first: " + first.getMessage());
            for (int i = 1; i < Math.min(p.size(), 20); i++) {
                e.addSuppressed(p.get(i));
            }
            throw e;
        }
    }
}
